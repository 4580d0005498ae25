using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Management;

/// <summary>A process killed during key churn leaves no stored key change without its admin log entry once it starts again.</summary>
public sealed class AdminLogCrashTests
{
    [Fact]
    public async Task Killing_the_process_during_key_churn_leaves_every_stored_change_with_its_entry_after_the_next_start()
    {
        using var folder = new TempFolder();
        var keys = folder.File("keys.db");
        var audit = folder.File("audit.db");

        // SIGKILL after a different number of changes each time, so the kills land at different points.
        for (var run = 0; run < 5; run++)
        {
            await ChurnThenKillAsync(keys, audit, changes: 15 + (run * 7));
        }

        await using var app = await RampartTestHost.StartAsync(new RampartTestHostOptions
        {
            KeyStore = TestKeyStore.AsConfigured,
            Configure = options =>
            {
                options.Store.Sqlite.Path = keys;
                options.Logging.Store.ConnectionString = $"Data Source={audit}";
            },
        });
        var log = app.App.Services.GetRequiredService<IAdminAuditLog>();
        var entries = new HashSet<(string Action, string? KeyId)>();
        for (long from = 1; ;)
        {
            var page = await log.ReadAsync(from, 1000);
            entries.UnionWith(page.Select(e => (e.Action, e.KeyId)));
            if (page.Count < 1000)
            {
                break;
            }

            from = page[^1].Sequence + 1;
        }

        var stored = await AllKeysAsync(app.App.Services.GetRequiredService<IApiKeyStore>());
        Assert.True(stored.Count >= 5 * 15, $"Only {stored.Count} keys were made before the kills.");
        Assert.Contains(stored, record => record.RevokedAt is not null);
        Assert.Contains(stored, record => record.ReplacedBy is not null);
        foreach (var record in stored)
        {
            Assert.Contains((AdminActions.KeyCreated, record.Id), entries);
            if (record.RevokedAt is not null)
            {
                Assert.Contains((AdminActions.KeyRevoked, record.Id), entries);
            }

            if (record.ReplacedBy is not null)
            {
                Assert.Contains((AdminActions.KeyRotated, record.Id), entries);
            }
        }

        Assert.True((await log.VerifyAsync()).IsIntact);
    }

    private static async Task ChurnThenKillAsync(string keys, string audit, int changes)
    {
        var churn = Path.Combine(AppContext.BaseDirectory, "Rampart.KeyChurn.dll");
        var start = new ProcessStartInfo("dotnet", [churn, keys, audit])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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

    private static async Task<List<ApiKeyRecord>> AllKeysAsync(IApiKeyStore store)
    {
        var all = new List<ApiKeyRecord>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize, ContinuationToken = continuation });
            all.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return all;
    }
}
