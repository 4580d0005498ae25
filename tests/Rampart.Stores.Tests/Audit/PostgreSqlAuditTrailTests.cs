using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Infrastructure;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Rampart.Stores.Tests.Audit;

/// <summary>Apps with their keys and their audit trail in PostgreSQL, as several instances behind a load balancer run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditTrailTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    private Task<StoresTestApp> StartInstanceAsync() => StoresTestApp.StartOnPostgresAsync(server, _schema);

    [Fact]
    public async Task Instances_share_one_audit_trail_and_one_admin_chain()
    {
        await using var first = await StartInstanceAsync();
        await using var second = await StartInstanceAsync();
        Assert.IsType<PostgreSqlAuditStore>(first.App.Services.GetRequiredService<IAuditStore>());

        var a = await first.CreateKeyAsync("orders:read");
        var b = await second.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/orders?from=first", a.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/orders?from=second", b.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/orders?from=anonymous", null)).StatusCode);
        Assert.True(await first.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        Assert.True(await second.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());

        // Either instance reads every instance's records: key id and name, never the key.
        var records = await first.App.Services.GetRequiredService<IAuditStore>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var fromFirst = Assert.Single(records, r => r.Query == "?from=first");
        Assert.Equal((a.Record.Id, "test key", 200, "/orders"), (fromFirst.KeyId, fromFirst.KeyName, fromFirst.StatusCode, fromFirst.Route));
        Assert.Equal(b.Record.Id, Assert.Single(records, r => r.Query == "?from=second").KeyId);
        Assert.Equal(401, Assert.Single(records, r => r.Query == "?from=anonymous").StatusCode);
        Assert.DoesNotContain(records, r => r.ToString().Contains(a.Key, StringComparison.Ordinal) || r.ToString().Contains(b.Key, StringComparison.Ordinal));

        // One chain: the pepper version recorded once, both keys' creation, intact from either side.
        var log = second.App.Services.GetRequiredService<IAdminAuditLog>();
        var entries = await log.ReadAsync();
        Assert.Single(entries, e => e.Action == AdminActions.PepperVersionAdded);
        Assert.Equal([a.Record.Id, b.Record.Id], entries.Where(e => e.Action == AdminActions.KeyCreated).Select(e => e.KeyId));
        Assert.True((await first.App.Services.GetRequiredService<IAdminAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task The_audit_store_without_the_key_store_stops_the_app_saying_what_is_missing()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StoresTestApp.StartAsync(services: services => services.AddRampartPostgreSqlAuditStore()));

        Assert.Contains("AddRampartPostgreSql as well", failure.Message, StringComparison.Ordinal);
    }
}
