using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Management.CommandLine;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Keys;

/// <summary>Keys per hash scheme and pepper version, as an operator sees them: the manager, <c>keys stats</c> and the gauge.</summary>
public class HashStatisticsTests
{
    [Fact]
    public async Task Keys_stats_counts_every_organisation_per_scheme_and_pepper_in_text_and_json_and_the_gauge_reports_the_usable_ones()
    {
        await using var app = await StoresTestApp.StartAsync();
        var store = app.App.Services.GetRequiredService<IApiKeyStore>();
        await app.CreateKeyInAsync("org-1", ["orders:read"]);
        await app.CreateKeyInAsync("org-2", ["orders:read"]);
        var revoked = await app.CreateKeyInAsync("org-2", ["orders:read"]);
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var legacy = await app.CreateKeyInAsync("org-1", ["orders:read"]);
        var stored = (await store.FindAsync(legacy.Record.Id))!;
        Assert.True(await store.UpdateAsync(stored with { HashVersion = 1 }));

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "stats", "--json"], output, error));
        var counts = JsonSerializer.Deserialize<ApiKeyHashCount[]>(output.ToString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal([new ApiKeyHashCount(1, 1, 1, 1), new ApiKeyHashCount(2, 1, 3, 2)], counts);

        using var text = new StringWriter();
        Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "stats"], text, error));
        var rows = text.ToString().Split('\n').Where(line => line.StartsWith('v')).Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(["v1 1 1 1", "v2 1 3 2"], rows);
        Assert.Empty(error.ToString());

        // The manager's count is what the gauge reports next.
        using var collector = new MetricCollector<long>(app.App.Services.GetRequiredService<IMeterFactory>(), "Rampart", ApiKeyHashStatistics.GaugeName);
        await app.Keys.CountByHashAsync();
        collector.RecordObservableInstruments();
        var gauge = collector.GetMeasurementSnapshot()
            .ToDictionary(m => ((string)m.Tags["rampart.hash_version"]!, (string)m.Tags["rampart.pepper_version"]!), m => m.Value);
        Assert.Equal(new Dictionary<(string, string), long> { [("1", "1")] = 1, [("2", "1")] = 2 }, gauge);
    }

    [Fact]
    public async Task A_sqlite_store_says_at_start_how_long_other_processes_may_accept_a_revoked_key()
    {
        await using var app = await StoresTestApp.StartAsync(options => options.Keys.CacheTimeToLive = TimeSpan.FromSeconds(42));

        var note = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "SqliteRevocationBound");
        Assert.Equal(LogLevel.Information, note.Level);
        Assert.Contains("00:00:42", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_store_without_a_change_notifier_is_warned_about_at_start()
    {
        await using var app = await StoresTestApp.StartAsync(services: services => StoreDecoration.Decorate(services, inner => new GatedRehashStore(inner)));

        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "KeyStoreWithoutChangeNotifier");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(nameof(GatedRehashStore), warning.Message, StringComparison.Ordinal);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlChangeNotificationWarningTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_instance_that_does_not_listen_for_changes_warns_that_revocations_wait_for_its_cache(bool listen)
    {
        await using var app = await StoresTestApp.StartAsync(
            useTempSqlite: false,
            services: services => services.AddRampartPostgreSql(options =>
            {
                options.ConnectionString = server.ConnectionString;
                options.Schema = _schema;
                options.ListenForChanges = listen;
            }));

        var logs = app.Logs.GetSnapshot();
        Assert.Equal(listen ? 0 : 1, logs.Count(r => r.Id.Name == "KeyChangeListenerOff" && r.Level == LogLevel.Warning));
        Assert.DoesNotContain(logs, r => r.Id.Name is "KeyStoreWithoutChangeNotifier" or "SqliteRevocationBound");
    }
}
