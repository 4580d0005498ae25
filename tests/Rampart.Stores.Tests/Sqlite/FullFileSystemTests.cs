using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

/// <summary>Runs alone: it fills a file system, and its counts of requests and records must be its own.</summary>
[CollectionDefinition(nameof(FullFileSystemTests), DisableParallelization = true)]
public sealed class FullFileSystemCollection;

/// <summary>
/// The SQLite key store and audit database on a tmpfs of 2 MiB that is then filled to the last
/// byte: cached keys are served, key creation answers 503, every audit record is either stored or
/// counted as dropped, nothing acknowledged is lost, and the stores recover once space is freed.
/// </summary>
[Collection(nameof(FullFileSystemTests))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FullFileSystemTests
{
    [TinyFileSystemFact]
    public async Task A_full_file_system_serves_cached_keys_refuses_key_creation_with_503_counts_every_lost_audit_record_and_recovers()
    {
        using var disk = TinyFileSystem.Mount(megabytes: 2);
        long sent = 0;
        try
        {
            await using var app = await StoresTestApp.StartAsync(
                options =>
                {
                    options.Store.Sqlite.Path = disk.File("keys.db");
                    options.Logging.Store.ConnectionString = $"Data Source={disk.File("audit.db")}";
                    options.Logging.Store.QueueCapacity = 50;
                    options.RateLimits.Enabled = false;
                },
                useTempSqlite: false);
            using var dropped = new MetricCollector<long>(app.App.Services.GetRequiredService<IMeterFactory>(), RampartMetrics.MeterName, AuditRecordQueue.DroppedName);
            var queue = app.App.Services.GetRequiredService<AuditRecordQueue>();
            var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
            var reader = await app.CreateKeyAsync("orders:read");

            async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? json = null)
            {
                sent++;
                return await app.SendAsync(method, path, key, json);
            }

            // Before the disk fills: both keys used (so cached), one key made through the endpoint, all of it stored.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/orders", reader.Key)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/admin/keys", admin.Key)).StatusCode);
            var acknowledged = new List<string> { admin.Record.Id, reader.Record.Id, await CreateThroughEndpointAsync(await SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, NewKey())) };
            Assert.True(await queue.FlushAsync());

            var filled = disk.Fill();
            Assert.True(disk.Free < 4096, $"The file system still has {disk.Free} bytes free after {filled} were written.");

            // Keys go on being made until SQLite needs a page it cannot get; whatever was acknowledged must survive.
            HttpResponseMessage? refused = null;
            for (var attempt = 0; attempt < 200 && refused is null; attempt++)
            {
                var response = await SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, NewKey());
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(await CreateThroughEndpointAsync(response));
                }
                else
                {
                    refused = response;
                }
            }

            Assert.NotNull(refused);
            await Problems.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "key_store_unavailable");
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains(app.Logs.GetSnapshot(), e => e.Id.Name == "SqliteStoreFailed" && e.Message.Contains("the disk is full", StringComparison.Ordinal));

            // Cached keys are served throughout; the audit records of these requests cannot all be kept.
            for (var i = 0; i < 300; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/orders", reader.Key)).StatusCode);
            }

            Assert.False(await queue.FlushAsync(), "The audit store took records on a full file system.");
            Assert.True(queue.Dropped > 0, "Nothing was dropped although the audit store cannot write and the queue holds 50.");
            Assert.Contains(app.Logs.GetSnapshot(), e => e.Id.Name == "AuditStoreWriteFailed" && e.Exception?.Message.Contains("full", StringComparison.OrdinalIgnoreCase) == true);

            // Space back: the key store answers again, the queue drains, and every request's record is stored or counted.
            disk.Release();
            var recovered = await SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, NewKey());
            acknowledged.Add(await CreateThroughEndpointAsync(recovered));
            Assert.Contains(app.Logs.GetSnapshot(), e => e.Id.Name == "SqliteStoreRecovered");
            Assert.True(await queue.FlushAsync(), "The audit store did not recover once space was freed.");

            var store = app.App.Services.GetRequiredService<IApiKeyStore>();
            foreach (var id in acknowledged)
            {
                Assert.NotNull(await store.FindAsync(id));
            }

            var stored = await queue.Store.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, limit: 100_000);
            Assert.Equal(sent, stored.Count + queue.Dropped);
            dropped.RecordObservableInstruments();
            Assert.Equal(queue.Dropped, dropped.LastMeasurement?.Value);
            queue.ReportDrops();
            Assert.Equal(queue.Dropped, ReportedTotal(app));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static object NewKey() => new { name = "made on a full disk", scopes = new[] { "orders:read" } };

    private static async Task<string> CreateThroughEndpointAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("record").GetProperty("id").GetString()!;
    }

    // The total the last AuditStoreQueueFull event states.
    private static long ReportedTotal(RampartTestHost app)
        => long.Parse(
            app.Logs.GetSnapshot().Last(e => e.Id.Name == "AuditStoreQueueFull").StructuredState!.Single(p => p.Key == "TotalDropped").Value!,
            CultureInfo.InvariantCulture);
}
