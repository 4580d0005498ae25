using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace Rampart.Benchmarks.Stores;

/// <summary>
/// Verifying a key that is not in the cache: one lookup by primary key in a store holding 1,000,000
/// keys, then the keyed hash. Each iteration is a single verification, so the percentiles are
/// per-request latencies (outliers kept).
/// </summary>
[Config(typeof(LatencyConfig))]
public class StoreLookupBenchmarks
{
    private StoreFixture _fixture = null!;
    private int _next;

    [Params("Sqlite", "PostgreSql")]
    public string Store { get; set; } = "Sqlite";

    [Params(1_000_000)]
    public int KeysInStore { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new StoreFixture(Store, KeysInStore - StoreFixture.RealKeys, cache: false);

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Description = "Verify, cache miss")]
    public async Task<bool> VerifyCacheMiss()
    {
        var keys = _fixture.Keys;
        var verification = await _fixture.Verifier.VerifyAsync(keys[_next++ % keys.Length], default);
        return verification.Succeeded;
    }

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(200)
                .WithIterationCount(3000)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithOutlierMode(OutlierMode.DontRemove)
                .WithId("Latency"));
            AddColumn(new LatencyPercentileColumn(50), new LatencyPercentileColumn(95), new LatencyPercentileColumn(99));
        }
    }
}
