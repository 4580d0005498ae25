using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Secrets;

namespace Rampart.Transport.Tests.Secrets;

/// <summary>Retiring a master key only once nothing needs it; associated data that cannot be confused; envelopes counted per key.</summary>
public class MasterKeyRetirementTests
{
    private static async IAsyncEnumerable<ProtectedSecret> Rows(IEnumerable<ProtectedSecret> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static List<ProtectedSecret> Store(AesGcmSecretProtector protector, int count)
        => [.. Enumerable.Range(0, count).Select(i =>
        {
            var aad = new SecretContext("org", "webhook", "row-" + i).ToAssociatedData();
            return new ProtectedSecret("row-" + i, protector.Protect(SecretProtectorTests.Utf8("secret-" + i), aad), aad);
        })];

    [Fact]
    public async Task Wrong_associated_data_fails_every_envelope_with_its_key_version_and_forbids_retiring_it()
    {
        var key1 = SecretProtectorTests.NewMasterKey();
        var after = SecretProtectorTests.Create((1, key1), (2, SecretProtectorTests.NewMasterKey()));
        var rows = Store(SecretProtectorTests.Create((1, key1)), 3);

        // The app builds the associated data wrongly: 0 re-encrypted and no unknown version, yet every envelope needs key 1.
        var wrong = rows.Select(r => r with { AssociatedData = new SecretContext("org", "webhooks", r.Id).ToAssociatedData() });
        var result = await after.ReprotectAsync(Rows(wrong), (_, _, _) => ValueTask.CompletedTask);

        Assert.Equal(0, result.Totals.Reprotected);
        Assert.All(result.Failures, f => Assert.Equal((SecretProtectionError.WrongAssociatedData, 1), (f.Error, f.KeyVersion)));
        Assert.Equal(3, result.Failures.Count);
        Assert.False(result.CanRetire(1));
    }

    [Fact]
    public async Task A_key_can_be_retired_only_after_a_second_pass_finds_everything_current_and_nothing_failed()
    {
        var key1 = SecretProtectorTests.NewMasterKey();
        var after = SecretProtectorTests.Create((1, key1), (2, SecretProtectorTests.NewMasterKey()));
        var rows = Store(SecretProtectorTests.Create((1, key1)), 4).ToDictionary(r => r.Id);

        var first = await after.ReprotectAsync(Rows(rows.Values.ToList()), (row, envelope, _) =>
        {
            rows[row.Id] = row with { Envelope = envelope };
            return ValueTask.CompletedTask;
        });
        Assert.Equal(4, first.Totals.Reprotected);
        Assert.False(first.CanRetire(1)); // it re-encrypted: a confirming pass is still owed

        var second = await after.ReprotectAsync(Rows(rows.Values.ToList()), (_, _, _) => ValueTask.CompletedTask);
        Assert.Equal(new SecretReprotectionProgress(4, 0, 4, 0), second.Totals);
        Assert.Equal(2, second.CurrentKeyVersion);
        Assert.True(second.CanRetire(1));
        Assert.False(second.CanRetire(2)); // never the current key

        // One envelope that cannot be opened is enough to keep every old key.
        var broken = rows.Values.Append(rows["row-0"] with { Id = "row-x", Envelope = [1, 0, 0, 0, 1] });
        var third = await after.ReprotectAsync(Rows(broken), (_, _, _) => ValueTask.CompletedTask);
        Assert.Equal(new SecretReprotectionFailure("row-x", SecretProtectionError.Truncated, null), Assert.Single(third.Failures));
        Assert.False(third.CanRetire(1));
    }

    [Fact]
    public void Contexts_with_lone_surrogates_are_refused_instead_of_encoding_like_a_replacement_character()
    {
        var replacement = new SecretContext("t\uFFFD", "purpose").ToAssociatedData();

        Assert.Throws<ArgumentException>(() => new SecretContext("t\uD800", "purpose").ToAssociatedData());
        Assert.Throws<ArgumentException>(() => new SecretContext("t\uDC00", "purpose").ToAssociatedData());
        Assert.Throws<ArgumentException>(() => new SecretContext("tenant", "p\uD800", "row").ToAssociatedData());
        Assert.Throws<ArgumentException>(() => new SecretContext("tenant", "purpose", "r\uDC00").ToAssociatedData());
        Assert.Equal([0x01, 0, 0, 0, 4, (byte)'t', 0xEF, 0xBF, 0xBD], replacement[..9]);

        // A well-formed pair is text, and still encodes.
        Assert.NotEmpty(new SecretContext("t\uD83D\uDE00", "purpose").ToAssociatedData());
    }

    [Fact]
    public void Envelopes_are_counted_per_master_key_version()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(meterFactory, "Rampart", SecretMetrics.EnvelopesName);
        var key1 = SecretProtectorTests.NewMasterKey();
        var key2 = SecretProtectorTests.NewMasterKey();
        var metrics = new SecretMetrics(meterFactory);

        var options1 = new SecretProtectionOptions { MasterKeys = { [1] = key1 } };
        var options2 = new SecretProtectionOptions { MasterKeys = { [1] = key1, [2] = key2 } };
        var onKey1 = new AesGcmSecretProtector(SecretKeyRing.TryLoad(options1, [])!, metrics);
        var onKey2 = new AesGcmSecretProtector(SecretKeyRing.TryLoad(options2, [])!, metrics);
        var aad = new SecretContext("org", "purpose").ToAssociatedData();
        onKey1.Protect("a"u8, aad);
        onKey2.Protect("b"u8, aad);
        onKey2.Protect("c"u8, aad);
        onKey2.Unprotect(onKey2.Protect("d"u8, aad), aad);

        var byVersion = collector.GetMeasurementSnapshot()
            .GroupBy(m => (string)m.Tags["rampart.key_version"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["1"] = 1, ["2"] = 3 }, byVersion);
    }
}
