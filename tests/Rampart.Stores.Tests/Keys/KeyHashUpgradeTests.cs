using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Keys;

/// <summary>
/// Hash schemes through real app instances sharing one real store: scheme 1 keys move to scheme 2 and the
/// current pepper when they verify, concurrently and without losing a rotation; the scheme-2 binding refuses
/// a key moved to another prefix and a salt and hash moved to another row. Each store runs the same tests.
/// </summary>
public abstract class KeyHashUpgradeTests : IAsyncLifetime
{
    public static readonly string Pepper2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly List<StoresTestApp> _apps = [];

    /// <summary>Starts an instance on the store every instance of the test shares.</summary>
    private protected abstract Task<StoresTestApp> StartOnSharedStoreAsync(Action<RampartOptions> configure, Action<IServiceCollection>? services = null);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_scheme_1_key_used_by_concurrent_requests_on_two_instances_is_rehashed_once_to_scheme_2_under_the_current_pepper()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var (key, legacy) = await CreateLegacyKeyAsync(first, pepperVersion: 1);

        var requests = Enumerable.Range(0, 32).Select(i => (i % 2 == 0 ? first : second).GetAsync("/orders", key));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var stored = (await Store(first).FindAsync(legacy.Id))!;
        Assert.Equal(ApiKeyHasher.CurrentHashVersion, stored.HashVersion);
        Assert.Equal(2, stored.PepperVersion);
        Assert.Equal(legacy.Version + 1, stored.Version); // exactly one re-hash was stored
        Assert.NotEqual(legacy.Salt, stored.Salt);
        Assert.Equal(1, first.Logs.GetSnapshot().Concat(second.Logs.GetSnapshot()).Count(r => r.Id.Name == "ApiKeyRehashed"));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/orders", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/orders", key)).StatusCode);

        // Pepper 1 can now go: an instance without it still accepts the key, and the counts say so.
        var withoutPepper1 = await StartAsync(options =>
        {
            options.Keys.Peppers.Remove(1);
            options.Keys.Peppers[2] = Pepper2;
        });
        Assert.Equal(HttpStatusCode.OK, (await withoutPepper1.GetAsync("/orders", key)).StatusCode);
        var counts = await first.Keys.CountByHashAsync();
        Assert.Equal([new ApiKeyHashCount(2, 2, 1, 1)], counts);
    }

    [Fact]
    public async Task A_rotation_stored_while_a_rehash_is_in_flight_is_kept_and_the_key_is_rehashed_when_next_used()
    {
        GatedRehashStore? gate = null;
        var verifying = await StartAsync(services: services => StoreDecoration.Decorate(services, inner => gate = new GatedRehashStore(inner)));
        var administering = await StartAsync();
        var (key, legacy) = await CreateLegacyKeyAsync(verifying, pepperVersion: 1);
        gate!.Arm();

        // The request verifies the scheme-1 key and holds at its re-hash write; the rotation lands meanwhile.
        var request = verifying.GetAsync("/orders", key);
        await Eventually.CompletesAsync(gate.Reached.Task, "the request holding at its re-hash write");
        var replacement = await administering.Keys.RotateAsync(legacy.Id, TimeSpan.FromHours(1));
        gate.Release.SetResult();

        Assert.Equal(HttpStatusCode.OK, (await request).StatusCode);
        var afterRace = (await Store(administering).FindAsync(legacy.Id))!;
        Assert.Equal(replacement.Record.Id, afterRace.ReplacedBy);
        Assert.Equal(administering.Time.GetUtcNow().AddHours(1), afterRace.ExpiresAt);
        Assert.Equal(1, afterRace.HashVersion);
        Assert.Equal(0, gate.RehashesStored);

        // The losing write dropped the cached record: the next use reads the rotated one and re-hashes it.
        Assert.Equal(HttpStatusCode.OK, (await verifying.GetAsync("/orders", key)).StatusCode);
        var rehashed = (await Store(administering).FindAsync(legacy.Id))!;
        Assert.Equal(2, rehashed.HashVersion);
        Assert.Equal(replacement.Record.Id, rehashed.ReplacedBy);
        Assert.Equal(afterRace.ExpiresAt, rehashed.ExpiresAt);
        Assert.Equal(1, gate.RehashesStored);
        Assert.Equal(HttpStatusCode.OK, (await verifying.GetAsync("/orders", replacement.Key)).StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_key_rewritten_to_another_apps_prefix_with_a_recomputed_checksum_is_an_unknown_key_with_the_same_body(int hashVersion)
    {
        var acme = await StartAsync();
        var beta = await StartAsync(options => options.Keys.Prefix = "beta");
        var key = hashVersion == 1 ? (await CreateLegacyKeyAsync(acme, pepperVersion: 2)).Key : (await acme.CreateKeyAsync("orders:read")).Key;
        var rewritten = TestKeys.WithChecksum("beta" + key["acme".Length..^ApiKeyFormat.ChecksumLength]);
        var neverIssued = TestKeys.WithChecksum("beta_live_" + ApiKeyGenerator.NewKeyId() + key[^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)..^ApiKeyFormat.ChecksumLength]);
        Assert.Equal(ApiKeyParseStatus.Valid, ApiKeyParser.Parse(rewritten, "beta", ApiKeyEnvironment.Live, out _));

        var refused = await beta.GetAsync("/orders", rewritten);
        var unknown = await beta.GetAsync("/orders", neverIssued);

        await Problems.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "unknown_key");
        Assert.Equal(await BodyWithoutTraceAsync(unknown), await BodyWithoutTraceAsync(refused));
        Assert.Equal(unknown.Headers.WwwAuthenticate.ToString(), refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/orders", key)).StatusCode);
    }

    [Fact]
    public async Task A_salt_and_hash_copied_to_another_row_do_not_let_the_copied_secret_in_as_that_row()
    {
        var app = await StartAsync();
        var store = Store(app);
        var attacker = await app.CreateKeyAsync("orders:read");
        var victim = await app.Keys.CreateAsync(new() { Name = "victim", Owner = "user-2", Organization = "org-2", Scopes = ["orders:read"] });
        var victimRecord = (await store.FindAsync(victim.Record.Id))!;
        Assert.True(await store.UpdateAsync(victimRecord with { Salt = attacker.Record.Salt, Hash = attacker.Record.Hash, HashVersion = 2, PepperVersion = attacker.Record.PepperVersion }));

        // The victim's id with the attacker's own secret, checksum recomputed.
        var forged = TestKeys.WithChecksum("acme_live_" + victim.Record.Id + TestKeys.SecretOf(attacker.Key));

        await Problems.AssertProblemAsync(await app.GetAsync("/orders", forged), HttpStatusCode.Unauthorized, "unknown_key");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", attacker.Key)).StatusCode);
    }

    [Fact]
    public async Task Scheme_1_did_not_bind_the_row_which_is_why_it_is_replaced()
    {
        // The same copy between two scheme-1 rows is accepted: the weakness scheme 2 removes, shown so the test above can fail.
        var app = await StartAsync();
        var store = Store(app);
        var (attackerKey, attacker) = await CreateLegacyKeyAsync(app, pepperVersion: 2);
        var (_, victim) = await CreateLegacyKeyAsync(app, pepperVersion: 2);
        Assert.True(await store.UpdateAsync(victim with { Salt = attacker.Salt, Hash = attacker.Hash }));

        var forged = TestKeys.WithChecksum("acme_live_" + victim.Id + TestKeys.SecretOf(attackerKey));

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", forged)).StatusCode);
    }

    private protected async Task<StoresTestApp> StartAsync(Action<RampartOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var app = await StartOnSharedStoreAsync(
            options =>
            {
                options.Keys.Peppers[2] = Pepper2;
                configure?.Invoke(options);
            },
            services);
        _apps.Add(app);
        return app;
    }

    private static IApiKeyStore Store(StoresTestApp app) => app.App.Services.GetRequiredService<IApiKeyStore>();

    /// <summary>A key stored as a release before scheme 2 stored it: <c>HMAC(pepper, salt ‖ secret)</c>, hash version 1.</summary>
    private static async Task<(string Key, ApiKeyRecord Record)> CreateLegacyKeyAsync(StoresTestApp app, int pepperVersion)
    {
        var hasher = app.App.Services.GetRequiredService<ApiKeyHasher>();
        var id = ApiKeyGenerator.NewKeyId();
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, id);
        var salt = ApiKeyGenerator.NewSalt();
        var record = TestKeys.Record(id, salt, hasher.HashLegacy(pepperVersion, salt, TestKeys.SecretOf(key)), hashVersion: 1, pepperVersion, createdAt: app.Time.GetUtcNow()) with { Name = "legacy key" };
        await Store(app).CreateAsync(record);
        return (key, (await Store(app).FindAsync(id))!);
    }

    private static async Task<string> BodyWithoutTraceAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return body.ToJsonString();
    }
}

/// <summary>The instances share one SQLite file.</summary>
public sealed class SqliteKeyHashUpgradeTests : KeyHashUpgradeTests
{
    private readonly TempFolder _folder = new();

    private protected override Task<StoresTestApp> StartOnSharedStoreAsync(Action<RampartOptions> configure, Action<IServiceCollection>? services = null)
        => StoresTestApp.StartAsync(
            options =>
            {
                options.Store.Sqlite.Path = _folder.File("keys.db");
                configure(options);
            },
            services,
            useTempSqlite: false);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The instances share one PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlKeyHashUpgradeTests(PostgresServer server) : KeyHashUpgradeTests
{
    private readonly string _schema = PostgresServer.NewSchema();

    private protected override Task<StoresTestApp> StartOnSharedStoreAsync(Action<RampartOptions> configure, Action<IServiceCollection>? services = null)
        => StoresTestApp.StartAsync(
            configure,
            collection =>
            {
                collection.AddRampartPostgreSql(options =>
                {
                    options.ConnectionString = server.ConnectionString;
                    options.Schema = _schema;
                });
                services?.Invoke(collection);
            },
            useTempSqlite: false);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await server.DropSchemaAsync(_schema);
    }
}
