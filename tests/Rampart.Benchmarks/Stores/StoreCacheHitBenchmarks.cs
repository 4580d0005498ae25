using BenchmarkDotNet.Attributes;

namespace Rampart.Benchmarks.Stores;

/// <summary>Verifying a key whose record is in this instance's cache: no store round trip, whatever the store.</summary>
[MemoryDiagnoser]
public class StoreCacheHitBenchmarks
{
    private StoreFixture _fixture = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => _fixture = new StoreFixture("Sqlite", fillerRows: 0, cache: true);

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Description = "Verify, cache hit (SQLite store)")]
    public bool VerifyCacheHit()
    {
        var keys = _fixture.Keys;
        var verification = _fixture.Verifier.VerifyAsync(keys[_next++ % keys.Length], default);
        return verification.Result.Succeeded;
    }
}
