using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.PostgreSql;

/// <summary>
/// The move of docs/operations.md ("Moving from SQLite to PostgreSQL"), done with the public contract
/// only: records copied from the SQLite store into the PostgreSQL one keep every key working, in its
/// own organisation, under the same pepper.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqliteToPostgreSqlMoveTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    [Fact]
    public async Task Records_copied_page_by_page_keep_every_key_working_in_its_organisation()
    {
        await using var before = await StoresTestApp.StartAsync();
        var acme = await before.CreateKeyInAsync("acme", "orders:read");
        var globex = await before.CreateKeyInAsync("globex", "orders:read");
        var revoked = await before.CreateKeyInAsync("acme", "orders:read");
        await before.Keys.RevokeAsync(revoked.Record.Id);
        for (var i = 0; i < 5; i++)
        {
            await before.CreateKeyInAsync("globex", "orders:read");
        }

        // The new deployment: same pepper configuration, PostgreSQL store, started once for its schema.
        await using var after = await StoresTestApp.StartAsync(
            services: services => services.AddRampartPostgreSql(options =>
            {
                options.ConnectionString = server.ConnectionString;
                options.Schema = _schema;
            }),
            useTempSqlite: false);

        var sqlite = before.App.Services.GetRequiredService<IApiKeyStore>();
        var postgres = after.App.Services.GetRequiredService<IApiKeyStore>();
        Assert.NotSame(sqlite.GetType(), postgres.GetType());

        // The loop of the docs, with a small page so that paging is exercised.
        var page = await sqlite.ListAsync(new ApiKeyQuery { PageSize = 3 });
        while (true)
        {
            foreach (var record in page.Items)
            {
                await postgres.CreateAsync(record);
            }

            if (page.ContinuationToken is null)
            {
                break;
            }

            page = await sqlite.ListAsync(new ApiKeyQuery { PageSize = 3, ContinuationToken = page.ContinuationToken });
        }

        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/orders", acme.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/organizations/globex/orders", globex.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await after.GetAsync("/organizations/globex/orders", acme.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await after.GetAsync("/orders", revoked.Key)).StatusCode);
        Assert.Equal(
            await before.Keys.CountByHashAsync(),
            await after.Keys.CountByHashAsync());
        Assert.Equal(8, (await after.Keys.ListAsync(new ApiKeyQuery { PageSize = 100 })).Items.Count);
    }
}
