using Rampart.AspNetCore.Secrets;

namespace Rampart.Transport.Tests.Secrets;

public class SecretReprotectionTests
{
    private sealed class Recorder : IProgress<SecretReprotectionProgress>
    {
        public List<SecretReprotectionProgress> Reports { get; } = [];

        public void Report(SecretReprotectionProgress value) => Reports.Add(value);
    }

    private static async IAsyncEnumerable<ProtectedSecret> Rows(IEnumerable<ProtectedSecret> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    [Fact]
    public async Task A_batch_moves_to_the_new_key_reports_progress_and_lists_what_it_could_not_open()
    {
        var key1 = SecretProtectorTests.NewMasterKey();
        var key2 = SecretProtectorTests.NewMasterKey();
        var before = SecretProtectorTests.Create((1, key1));
        var after = SecretProtectorTests.Create((1, key1), (2, key2));

        var store = new Dictionary<string, ProtectedSecret>();
        for (var i = 0; i < 5; i++)
        {
            var aad = new SecretContext("org", "purpose", "row-" + i).ToAssociatedData();
            store["row-" + i] = new("row-" + i, before.Protect(SecretProtectorTests.Utf8("secret-" + i), aad), aad);
        }

        var currentAad = new SecretContext("org", "purpose", "row-new").ToAssociatedData();
        store["row-new"] = new("row-new", after.Protect("fresh"u8, currentAad), currentAad);
        var tampered = (byte[])store["row-3"].Envelope.Clone();
        tampered[^1] ^= 1;
        store["row-3"] = store["row-3"] with { Envelope = tampered };

        var progress = new Recorder();
        var saved = new Dictionary<string, byte[]>();
        var result = await after.ReprotectAsync(
            Rows(store.Values.ToList()),
            (row, envelope, _) => { saved[row.Id] = envelope; return ValueTask.CompletedTask; },
            progress);

        Assert.Equal(new SecretReprotectionProgress(6, 4, 1, 1), result.Totals);
        Assert.Equal(new SecretReprotectionFailure("row-3", SecretProtectionError.Tampered, KeyVersion: 1), Assert.Single(result.Failures));
        Assert.Equal(6, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 6), progress.Reports.Select(p => p.Processed));
        Assert.Equal(result.Totals, progress.Reports[^1]);

        foreach (var (id, envelope) in saved)
        {
            Assert.Equal(2, after.GetKeyVersion(envelope));
            Assert.Equal("secret-" + id[^1], System.Text.Encoding.UTF8.GetString(after.Unprotect(envelope, store[id].AssociatedData)));
            store[id] = store[id] with { Envelope = envelope };
        }

        // Once version 1 is retired, every re-encrypted row still opens.
        var retired = SecretProtectorTests.Create((2, key2));
        Assert.All(saved.Keys, id => retired.Unprotect(store[id].Envelope, store[id].AssociatedData));

        // A second run finds nothing left to do but the row it cannot open.
        var again = await after.ReprotectAsync(Rows(store.Values.ToList()), (_, _, _) => throw new InvalidOperationException("nothing should be saved"));
        Assert.Equal(new SecretReprotectionProgress(6, 0, 5, 1), again.Totals);
    }

    [Fact]
    public async Task A_save_failure_stops_the_run_and_keeps_what_was_saved()
    {
        var key1 = SecretProtectorTests.NewMasterKey();
        var before = SecretProtectorTests.Create((1, key1));
        var after = SecretProtectorTests.Create((1, key1), (2, SecretProtectorTests.NewMasterKey()));
        var rows = Enumerable.Range(0, 3).Select(i => new ProtectedSecret("row-" + i, before.Protect([(byte)i], []), [])).ToList();
        var saved = new List<string>();

        await Assert.ThrowsAsync<TimeoutException>(() => after.ReprotectAsync(Rows(rows), (row, _, _) =>
        {
            if (row.Id == "row-1")
            {
                throw new TimeoutException("database");
            }

            saved.Add(row.Id);
            return ValueTask.CompletedTask;
        }));

        Assert.Equal(["row-0"], saved);
    }
}
