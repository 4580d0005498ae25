using BenchmarkDotNet.Attributes;

namespace Rampart.Benchmarks.Stores;

/// <summary>Verifying a key whose record is in this instance's cache: no store round trip, whatever the store.</summary>
[MemoryDiagnoser]
public class StoreCacheHitBenchmarks
{
    private readonly byte[] _pepper = new byte[32];
    private readonly byte[] _input = new byte[16 + 43];
    private readonly byte[] _mac = new byte[32];
    private StoreFixture _fixture = null!;
    private int _next;

    [Benchmark(Baseline = true, Description = "HMACSHA256.HashData (same input size)")]
    public int Hmac() => System.Security.Cryptography.HMACSHA256.HashData(_pepper, _input, _mac);

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
