using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.Pipeline;

/// <summary>
/// The middleware's own CPU and allocations per request, without sockets or TLS: the same endpoint
/// behind routing alone, and behind Rampart's whole pipeline (audit record, transport headers,
/// cached key verify, 3 windows × key + organisation, scope check, organisation binding), with
/// records formatted by an enabled logger and Rampart's activity source listened to.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private BenchmarkPipeline _bare = null!;
    private BenchmarkPipeline _rampart = null!;
    private string _key = null!;
    private string _badKey = null!;

    private IDisposable? _tracing;

    [GlobalSetup]
    public void Setup()
    {
        _tracing = global::Rampart.LoadTests.RequestTracing.Start();
        _bare = BenchmarkPipeline.Create(rampart: false);
        _rampart = BenchmarkPipeline.Create(rampart: true);
        _key = _rampart.Services.GetRequiredService<IApiKeyManager>()
            .CreateAsync(new ApiKeyCreateRequest { Name = "bench", Owner = "o", Organization = BenchmarkPipeline.Organization, Scopes = ["orders:read"] })
            .GetAwaiter().GetResult().Key;
        _badKey = "Bearer " + _key[..^1] + (_key[^1] == '0' ? '1' : '0');
        _key = "Bearer " + _key;
        if (_rampart.InvokeAsync(_badKey).GetAwaiter().GetResult() != 401)
        {
            throw new InvalidOperationException("A bad key is not refused with 401.");
        }

        if (_rampart.InvokeAsync(_key).GetAwaiter().GetResult() != 200 || _bare.InvokeAsync(null).GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("The pipelines do not answer 200.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _rampart.Dispose();
        _tracing?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Routing + endpoint")]
    public Task<int> Bare() => _bare.InvokeAsync(null);

    [Benchmark(Description = "Rampart pipeline + endpoint")]
    public Task<int> Rampart() => _rampart.InvokeAsync(_key);

    [Benchmark(Description = "Rampart pipeline, bad-checksum key (401)")]
    public Task<int> RampartRejected() => _rampart.InvokeAsync(_badKey);
}
