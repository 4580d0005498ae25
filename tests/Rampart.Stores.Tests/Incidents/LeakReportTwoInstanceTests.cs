using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;
using Rampart.Stores.Tests.Keys;

namespace Rampart.Stores.Tests.Incidents;

/// <summary>
/// Two app instances sharing one key store and admin log receive the same signed leak report at the same moment.
/// A rendezvous in the store holds each instance's revocation until both have read the key as not yet revoked, so
/// every round really races; the store's conditional revocation lets exactly one of them revoke.
/// </summary>
public abstract class LeakReportTwoInstanceTests : IAsyncLifetime
{
    private const int Rounds = 6;

    private readonly LeakReportSender _sender = new();
    private readonly RevokeRendezvous _rendezvous = new();
    private RampartTestHost _first = null!;
    private RampartTestHost _second = null!;

    public async Task InitializeAsync()
    {
        _first = await StartInstanceAsync();
        _second = await StartInstanceAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _sender.Dispose();
    }

    /// <summary>Where both instances keep keys, audit records and the admin log: options of the SQLite stores.</summary>
    protected virtual void ConfigureSharedStores(RampartOptions options)
    {
    }

    /// <summary>Where both instances keep keys, audit records and the admin log: other stores' services.</summary>
    protected virtual void AddSharedStores(IServiceCollection services)
    {
    }

    [Fact]
    public async Task A_key_reported_to_two_instances_at_once_is_revoked_once()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var created = await _first.CreateKeyInAsync(round % 2 == 0 ? "acme" : "globex", ["orders:read"], name: "leaked key");
            var body = LeakReportSender.Report(created.Key);
            var signature = _sender.Sign(body);
            var outcomes = _rendezvous.Arm(parties: 2);

            var answers = await Task.WhenAll(
                Task.Run(() => _first.Client.SendAsync(_sender.Request(body, signature: signature))),
                Task.Run(() => _second.Client.SendAsync(_sender.Request(body, signature: signature))));

            // Both instances say the token is a real key; only one store write revoked it.
            foreach (var answer in answers)
            {
                var text = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
                Assert.Equal("true_positive", Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray()).GetProperty("label").GetString());
            }

            Assert.Equal([false, true], (await outcomes).Order());
            var id = created.Record.Id;
            Assert.NotNull((await _second.Keys.GetAsync(id))!.RevokedAt);

            // One key.revoked and one key.leak_reported in the shared admin log, and it still verifies.
            var log = _first.App.Services.GetRequiredService<IAdminAuditLog>();
            var entries = (await log.ReadAsync()).Where(e => e.KeyId == id).ToList();
            Assert.Single(entries, e => e.Action == AdminActions.KeyRevoked);
            var leak = Assert.Single(entries, e => e.Action == AdminActions.KeyLeakReported);
            Assert.StartsWith("action=revoked;", leak.Details, StringComparison.Ordinal);
            Assert.True((await log.VerifyAsync()).IsIntact);

            // One revocation event; the other instance reports the key as already revoked.
            var events = _first.Logs.GetSnapshot().Concat(_second.Logs.GetSnapshot())
                .Where(r => r.Id.Name == "LeakedKeyReported" && r.Message.Contains(id, StringComparison.Ordinal))
                .Select(r => r.Message[(r.Message.LastIndexOf(':') + 2)..].TrimEnd('.'))
                .Order(StringComparer.Ordinal);
            Assert.Equal(["already_revoked", "revoked"], events);
        }
    }

    private Task<RampartTestHost> StartInstanceAsync()
        => RampartTestHost.StartAsync(new RampartTestHostOptions
        {
            KeyStore = TestKeyStore.AsConfigured,
            Configure = options =>
            {
                options.Incidents.LeakReports.PublicKeys[_sender.KeyId] = _sender.PublicKeyPem;
                ConfigureSharedStores(options);
            },
            Services = services =>
            {
                AddSharedStores(services);
                StoreDecoration.Decorate(services, inner => new RendezvousStore(inner, _rendezvous));
            },
            Map = app => app.MapRampartLeakReports(),
        });
}

public sealed class SqliteLeakReportTwoInstanceTests : LeakReportTwoInstanceTests
{
    private readonly TempFolder _folder = new();

    protected override void ConfigureSharedStores(RampartOptions options)
    {
        options.Store.Sqlite.Path = _folder.File("keys.db");
        options.Logging.Store.ConnectionString = $"Data Source={_folder.File("audit.db")}";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlLeakReportTwoInstanceTests(PostgresServer server) : LeakReportTwoInstanceTests
{
    private readonly string _schema = PostgresServer.NewSchema();

    protected override void AddSharedStores(IServiceCollection services)
        => services.AddRampartPostgreSql(o =>
        {
            o.ConnectionString = server.ConnectionString;
            o.Schema = _schema;
        }).AddRampartPostgreSqlAuditStore();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await server.DropSchemaAsync(_schema);
    }
}

/// <summary>
/// Holds each armed revocation until every party has arrived, then lets them all write at once, and records what the
/// store answered each.
/// </summary>
internal sealed class RevokeRendezvous
{
    private readonly Lock _gate = new();
    private int _parties;
    private List<bool> _outcomes = [];
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<bool[]> Arm(int parties)
    {
        lock (_gate)
        {
            _parties = parties;
            _outcomes = [];
            _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _done.Task;
        }
    }

    public async Task<bool> RevokeAsync(Func<Task<bool>> revoke)
    {
        Task arrived;
        lock (_gate)
        {
            arrived = _allArrived.Task;
            if (--_parties == 0)
            {
                _allArrived.TrySetResult();
            }
        }

        // Both requests are in flight already; only a stuck instance would not arrive.
        await Eventually.CompletesAsync(arrived, "both instances arriving at their revocation");
        var revoked = await revoke();
        lock (_gate)
        {
            _outcomes.Add(revoked);
            if (_outcomes.Count == 2)
            {
                _done.TrySetResult([.. _outcomes]);
            }
        }

        return revoked;
    }
}

internal sealed class RendezvousStore(IApiKeyStore inner, RevokeRendezvous rendezvous) : IApiKeyStore, IInitializableApiKeyStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default)
        => inner is IInitializableApiKeyStore initializable ? initializable.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
        => rendezvous.RevokeAsync(() => inner.RevokeAsync(id, revokedAt, cancellationToken));

    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => inner.CreateAsync(record, cancellationToken);

    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

    public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => inner.UpdateAsync(record, cancellationToken);

    public Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default) => inner.RotateAsync(rotated, replacement, cancellationToken);

    public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default) => inner.RecordLastUsedAsync(usage, cancellationToken);

    public Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CountByHashAsync(now, cancellationToken);
}
