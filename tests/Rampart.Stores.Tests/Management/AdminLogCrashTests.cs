using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Storage;
using Xunit.Abstractions;

namespace Rampart.Stores.Tests.Management;

/// <summary>
/// A process killed during key churn (every kind of key change, two organisations) leaves no stored
/// key change without its admin log entry once it starts again, with SQLite and with PostgreSQL.
/// </summary>
public sealed class AdminLogCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Its own server, durable, so what the killed process committed is what the next start reads.
    private readonly PostgresServer _server = new() { Durable = true };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Killing_the_process_during_key_churn_leaves_every_stored_change_with_its_entry_after_the_next_start_with_sqlite()
    {
        using var folder = new TempFolder();
        var keys = folder.File("keys.db");
        var audit = folder.File("audit.db");
        await ChurnKillAndCheckAsync(
            ["sqlite", keys, audit],
            new AdminLogHost(keys, audit, postgres: null),
            afterKill: () => Task.CompletedTask); // SQLite's writes end with the process that made them
    }

    [Fact]
    public async Task Killing_the_process_during_key_churn_leaves_every_stored_change_with_its_entry_after_the_next_start_with_postgresql()
    {
        var schema = PostgresServer.NewSchema();
        await ChurnKillAndCheckAsync(
            ["postgresql", _server.ConnectionString, schema],
            new AdminLogHost(null, null, (_server, schema)),
            afterKill: DeadClientsStatementsEndedAsync);
    }

    private async Task ChurnKillAndCheckAsync(string[] churnArguments, AdminLogHost host, Func<Task> afterKill)
    {
        // SIGKILL after a different number of changes each time, so the kills land at different points.
        for (var run = 0; run < 6; run++)
        {
            await ChurnThenKillAsync(churnArguments, changes: 20 + (run * 9));
            await afterKill();
        }

        await using var app = await host.StartAsync();
        var check = await AdminLogAccount.ReadAsync(app);
        var stored = check.Stored;
        Assert.True(stored.Count >= 6 * 2, $"Only {stored.Count} keys were made before the kills.");
        Assert.Contains(stored, record => record.RevokedAt is not null);
        Assert.Contains(stored, record => record.ReplacedBy is not null);
        Assert.Contains(stored, record => record.Roles.Count > 0 && record.Tier is not null && record.ExpiresAt is not null);
        Assert.Contains(stored, record => record.Organization == "org-1");
        Assert.Contains(stored, record => record.Organization == "org-2");
        check.AssertEveryStoredChangeHasItsEntry();
        output.WriteLine($"{stored.Count} keys, {check.Entries.Count} entries, {check.Reconciled.Count()} reconciled at start-up: "
            + string.Join(", ", check.Reconciled.GroupBy(e => e.Action).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True((await check.Log.VerifyAsync()).IsIntact);
    }

    /// <summary>
    /// A killed client's statement still runs to its end on the server (a COMMIT already sent commits),
    /// so on a busy machine the next start could read the store before the dead process's last change
    /// lands and reconcile without it. The test's claim is about what the dead process left behind, so
    /// it waits until the server runs nothing for it: no backend but this one active or in a transaction.
    /// </summary>
    private async Task DeadClientsStatementsEndedAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                await using var command = new Npgsql.NpgsqlCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'",
                    connection);
                return (long)(await command.ExecuteScalarAsync())! == 0;
            },
            "the killed churn process's statements end on the server");
    }

    private static async Task ChurnThenKillAsync(string[] arguments, int changes)
    {
        var churn = Path.Combine(AppContext.BaseDirectory, "Rampart.KeyChurn.dll");
        var start = new ProcessStartInfo("dotnet", [churn, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["RAMPART_CHURN_PEPPER"] = TestPeppers.Version1 },
        };
        using var process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginErrorReadLine();
        try
        {
            var seen = 0;
            while (seen < changes && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("started", StringComparison.Ordinal))
                {
                    seen++;
                }
            }

            Assert.True(seen == changes, $"The churn process stopped after {seen} changes: {errors}");
        }
        finally
        {
            process.Kill(); // SIGKILL: no shutdown, no flush
            await process.WaitForExitAsync();
        }
    }
}
