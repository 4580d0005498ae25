using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rampart.AspNetCore.Tests.Authentication;

/// <summary>
/// Whether an id exists must not show in the work a refusal takes. Two tests: an exact one, counting the
/// HMACs and SHA-256 blocks each refusal computes (deterministic, so a busy machine cannot disturb it), and a
/// timing one in the manner of dudect (Reparaz, Balasch and Verbauwhede, 2017) that compares the time of
/// known-id-wrong-secret and unknown-id refusals. The timing test measures thread CPU time (on Linux) in
/// interleaved batches whose order is drawn at random, so load, frequency changes and preemption fall on
/// both classes alike. It bounds the size of a difference rather than its significance: with thousands of
/// batches a t-test finds any systematic difference, including the few nanoseconds by which eight known
/// records in the CPU caches differ from one stand-in record (a difference of memory, not of the work done,
/// which the counting test proves equal), and how far that rises depends on what else the machine runs.
/// What it shows: the classes' median batches differ by less than <see cref="LargestDifference"/>, while the
/// same harness measures a path that skips the HMAC (the control) as faster by more than
/// <see cref="ControlDifference"/> and tells it apart with |t| above dudect's leak level.
/// </summary>
public sealed class UnknownKeyWorkTests(ITestOutputHelper output)
{
    // dudect's level for a leak, asked of the control only.
    private const double Threshold = 10;

    // Relative difference of the median batches. An HMAC is most of a cached refusal's work, so a path that
    // skips it is faster by far more than half; the known/unknown difference measured is under 2 %.
    private const double LargestDifference = 0.05;
    private const double ControlDifference = 0.25;

    private const string WrongSecret = "WrongSecretWrongSecretWrongSecretWrongSecre";

    [Fact]
    public async Task Every_refusal_of_a_well_formed_key_computes_one_hmac_of_the_same_number_of_blocks()
    {
        await using var app = await StartAsync();
        var verifier = app.App.Services.GetRequiredService<ApiKeyVerifier>();
        var store = app.App.Services.GetRequiredService<IApiKeyStore>();
        var hasher = app.App.Services.GetRequiredService<ApiKeyHasher>();
        var known = (await app.CreateKeyAsync("orders:read")).Record;
        var legacy = await AddRecordAsync(store, hasher, r => r with { HashVersion = 1, Hash = hasher.HashLegacy(1, r.Salt, WrongSecret.Replace('W', 'X')) });
        var otherPrefix = await AddRecordAsync(store, hasher, r => r with { Prefix = "beta" });
        var otherEnvironment = await AddRecordAsync(store, hasher, r => r with { Environment = ApiKeyEnvironment.Test });
        var missingPepper = await AddRecordAsync(store, hasher, r => r with { PepperVersion = 9 });

        var cases = new Dictionary<string, string>
        {
            ["known id, wrong secret"] = Credential(known.Id),
            ["scheme 1 id, wrong secret"] = Credential(legacy.Id),
            ["unknown id"] = Credential(ApiKeyGenerator.NewKeyId()),
            ["id of another prefix"] = Credential(otherPrefix.Id),
            ["id of another environment"] = Credential(otherEnvironment.Id),
            ["id under a missing pepper"] = Credential(missingPepper.Id),
        };

        var work = new Dictionary<string, (long Hmacs, long Blocks)>();
        foreach (var (name, credential) in cases)
        {
            // First from the store, then from the cache (positive or negative).
            for (var pass = 0; pass < 2; pass++)
            {
                var before = ApiKeyHasher.WorkOnThisThread;
                var result = verifier.VerifyAsync(credential, CancellationToken.None);
                var after = ApiKeyHasher.WorkOnThisThread;
                Assert.True(result.IsCompleted, "the in-memory store answers synchronously, so the work stays on this thread");
                Assert.Equal(ApiKeyFailureReason.Unknown, (await result).Failure);
                var measured = (after.Hmacs - before.Hmacs, Blocks(after.Bytes - before.Bytes, after.Hmacs - before.Hmacs));
                work[$"{name} ({(pass == 0 ? "store" : "cache")})"] = measured;
                output.WriteLine($"{name}, {(pass == 0 ? "store" : "cache")}: {measured.Item1} HMAC, {measured.Item2} SHA-256 blocks");
            }
        }

        Assert.All(work.Values, w => Assert.Equal(work["known id, wrong secret (cache)"], w));
        Assert.Equal(1, work["unknown id (cache)"].Hmacs);
    }

    [Fact]
    public async Task Known_and_unknown_ids_are_refused_in_times_within_a_few_percent_while_a_refusal_without_hmac_stands_out()
    {
        await using var app = await StartAsync();
        var verifier = app.App.Services.GetRequiredService<ApiKeyVerifier>();
        var known = new string[8];
        var unknown = new string[8];
        var control = new string[8];
        for (var i = 0; i < known.Length; i++)
        {
            known[i] = Credential((await app.CreateKeyAsync("orders:read")).Record.Id);
            unknown[i] = Credential(ApiKeyGenerator.NewKeyId());

            // A checksum error: refused before any HMAC, as an unknown id once was.
            control[i] = known[i][..^1] + (known[i][^1] == 'a' ? 'b' : 'a');
        }

        // Both from the cache (the cache never expires on the app's frozen fake clock); the JIT settles meanwhile.
        for (var i = 0; i < 20_000; i++)
        {
            Verify(verifier, known[i % 8]);
            Verify(verifier, unknown[i % 8]);
            Verify(verifier, control[i % 8]);
        }

        var knownVsUnknown = Measure(verifier, known, unknown, rounds: 3000, seed: 1);
        var knownVsControl = Measure(verifier, known, control, rounds: 300, seed: 2);

        output.WriteLine($"clock: {(OperatingSystem.IsLinux() ? "thread CPU time" : "Stopwatch")}; batches of {BatchSize} refusals");
        output.WriteLine($"known vs unknown: {knownVsUnknown}");
        output.WriteLine($"known vs checksum error (control): {knownVsControl}");
        Assert.True(knownVsControl.MaxAbsT > Threshold && knownVsControl.RelativeDifference > ControlDifference, $"the harness must detect a refusal without an HMAC: {knownVsControl}");
        Assert.True(knownVsUnknown.RelativeDifference < LargestDifference, $"known and unknown ids must take the same time: {knownVsUnknown}");
    }

    private const int BatchSize = 16;

    private static TimingComparison Measure(ApiKeyVerifier verifier, string[] first, string[] second, int rounds, int seed)
    {
        var random = new Random(seed);
        var a = new double[rounds];
        var b = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            // One batch of each class per round, in an order drawn at random.
            if (random.Next(2) == 0)
            {
                a[round] = Batch(verifier, first, round);
                b[round] = Batch(verifier, second, round);
            }
            else
            {
                b[round] = Batch(verifier, second, round);
                a[round] = Batch(verifier, first, round);
            }
        }

        return TimingComparison.Of(a, b);
    }

    private static double Batch(ApiKeyVerifier verifier, string[] credentials, int round)
    {
        var start = ThreadClock.Now();
        for (var i = 0; i < BatchSize; i++)
        {
            Verify(verifier, credentials[(round + i) % credentials.Length]);
        }

        return ThreadClock.Now() - start;
    }

    private static void Verify(ApiKeyVerifier verifier, string credential)
    {
        var result = verifier.VerifyAsync(credential, CancellationToken.None);
        if (!result.IsCompleted || result.Result.Succeeded)
        {
            throw new InvalidOperationException("Every measured verification is a refusal answered from the cache.");
        }
    }

    // HMAC-SHA256 hashes 64 + n bytes inside and 64 + 32 outside, each padded by at least 9 bytes to whole blocks.
    private static long Blocks(long bytes, long hmacs)
        => hmacs == 1 ? ((64 + bytes + 9 + 63) / 64) + 2 : -1;

    private static async Task<ApiKeyRecord> AddRecordAsync(IApiKeyStore store, ApiKeyHasher hasher, Func<ApiKeyRecord, ApiKeyRecord> shape)
    {
        var id = ApiKeyGenerator.NewKeyId();
        var salt = ApiKeyGenerator.NewSalt();
        var record = shape(TestKeys.Record(id, salt, hasher.Hash("acme", ApiKeyEnvironment.Live, id, salt, WrongSecret.Replace('W', 'X')), hashVersion: 2, pepperVersion: 1));
        await store.CreateAsync(record);
        return record;
    }

    private static string Credential(string keyId) => TestKeys.WithChecksum("acme_live_" + keyId + WrongSecret);

    private static Task<RampartTestApp> StartAsync() => RampartTestApp.StartAsync(options => options.Keys.Peppers[2] = TestPeppers.Version2);

    /// <summary>Welch's t over all batches and over batches under pooled percentiles, as dudect crops, and the medians.</summary>
    private sealed record TimingComparison(double MeanA, double MeanB, double MedianA, double MedianB, double[] T)
    {
        private static readonly double[] Crops = [0.5, 0.75, 0.9, 1.0];

        public double MaxAbsT => T.Max(Math.Abs);

        public double RelativeDifference => Math.Abs(MedianA - MedianB) / Math.Max(MedianA, MedianB);

        public static TimingComparison Of(double[] a, double[] b)
        {
            var pooled = a.Concat(b).Order().ToArray();
            var t = Crops.Select(crop =>
            {
                var limit = pooled[Math.Min(pooled.Length - 1, (int)(crop * pooled.Length))];
                return Welch(a.Where(x => x <= limit).ToArray(), b.Where(x => x <= limit).ToArray());
            }).ToArray();
            return new(a.Average(), b.Average(), Median(a), Median(b), t);
        }

        public override string ToString()
            => $"mean {MeanA / BatchSize:F0} vs {MeanB / BatchSize:F0} ns per refusal, medians {MedianA / BatchSize:F0} vs {MedianB / BatchSize:F0} ({RelativeDifference:P1} apart); t at crops 50/75/90/100%: {string.Join(", ", T.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}";

        private static double Median(double[] values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        private static double Welch(double[] a, double[] b)
        {
            if (a.Length < 2 || b.Length < 2)
            {
                return 0;
            }

            var (meanA, varA) = MeanAndVariance(a);
            var (meanB, varB) = MeanAndVariance(b);
            var error = Math.Sqrt((varA / a.Length) + (varB / b.Length));
            return error == 0 ? 0 : (meanA - meanB) / error;
        }

        private static (double Mean, double Variance) MeanAndVariance(double[] values)
        {
            var mean = values.Average();
            return (mean, values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }
    }

    /// <summary>Nanoseconds of CPU time this thread has used (Linux), so time the thread spends descheduled is not counted.</summary>
    private static class ThreadClock
    {
        private const int ClockThreadCpuTime = 3;

        public static double Now()
        {
            if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var time) == 0)
            {
                return (time.Seconds * 1e9) + time.Nanoseconds;
            }

            return System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency);
        }

        // DllImport rather than LibraryImport: a blittable signature needs no generated marshalling, nor unsafe code in the test project.
        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
