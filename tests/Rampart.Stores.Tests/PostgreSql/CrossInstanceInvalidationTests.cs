using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.Management;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rampart.Stores.Tests.PostgreSql;

/// <summary>
/// Two app instances on one PostgreSQL database. Each runs on its own frozen fake clock, so a cached
/// record never expires by itself: only the LISTEN/NOTIFY announcement can make the second instance
/// see a change made on the first.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossInstanceInvalidationTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();
    private StoresTestApp _first = null!;
    private StoresTestApp _second = null!;

    public async Task InitializeAsync()
    {
        _first = await StartInstanceAsync();
        _second = await StartInstanceAsync();

        // Start-up waits only briefly for LISTEN; on a loaded machine it may come later, and an
        // announcement made before it would be lost to this test (the instance then starts clean instead).
        foreach (var app in new[] { _first, _second })
        {
            await Eventually.CompletesAsync(app.App.Services.GetRequiredService<PostgreSqlChangeListener>().Listening, "the instance's LISTEN");
        }
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await server.DropSchemaAsync(_schema);
    }

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_by_the_other()
    {
        var created = await _first.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/orders", created.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/orders", created.Key)).StatusCode);

        var clock = Stopwatch.StartNew();
        await _first.Keys.RevokeAsync(created.Record.Id);
        await WaitForChangeAsync(_second, created.Record.Id);
        output.WriteLine($"The second instance dropped the key {clock.Elapsed.TotalMilliseconds:F0} ms after the revocation was stored.");

        await Problems.AssertProblemAsync(await _first.GetAsync("/orders", created.Key), HttpStatusCode.Unauthorized, "revoked_key");
        await Problems.AssertProblemAsync(await _second.GetAsync("/orders", created.Key), HttpStatusCode.Unauthorized, "revoked_key");
    }

    [Fact]
    public async Task A_rotation_and_a_scope_change_on_one_instance_apply_on_the_other()
    {
        var rotatedKey = await _first.CreateKeyAsync("orders:read");
        var changedKey = await _first.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/orders", rotatedKey.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/orders", changedKey.Key)).StatusCode);

        var replacement = await _first.Keys.RotateAsync(rotatedKey.Record.Id, TimeSpan.Zero);
        await _first.Keys.UpdateAsync(changedKey.Record.Id, new ApiKeyUpdateRequest { Scopes = ["billing:read"] });
        await WaitForChangeAsync(_second, rotatedKey.Record.Id);
        await WaitForChangeAsync(_second, changedKey.Record.Id);

        await Problems.AssertProblemAsync(await _second.GetAsync("/orders", rotatedKey.Key), HttpStatusCode.Unauthorized, "rotated_key");
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/orders", replacement.Key)).StatusCode);
        await Problems.AssertProblemAsync(await _second.GetAsync("/orders", changedKey.Key), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Keys_created_on_one_instance_work_on_the_other()
    {
        var created = await _second.CreateKeyAsync("orders:read");

        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/orders", created.Key)).StatusCode);
        Assert.Equal(created.Record.Id, (await _first.Keys.GetAsync(created.Record.Id))!.Id);
    }

    private Task<StoresTestApp> StartInstanceAsync()
        => StoresTestApp.StartAsync(
            useTempSqlite: false,
            services: services => services.AddRampartPostgreSql(options =>
            {
                options.ConnectionString = server.ConnectionString;
                options.Schema = _schema;
            }));

    // Waits for the instance's "KeyChangeReceived" event for the key.
    private static Task WaitForChangeAsync(StoresTestApp app, string keyId)
        => Eventually.UntilAsync(
            () => app.Logs.GetSnapshot().Any(r => r.Id.Name == "KeyChangeReceived" && r.Message.Contains(keyId, StringComparison.Ordinal)),
            $"the announcement of a change to {keyId}");
}
