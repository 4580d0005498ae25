using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.RateLimiting;
using Rampart.Redis.RateLimiting;

namespace Rampart.Benchmarks.RateLimiting;

/// <summary>
/// The Redis limiter against a local throwaway <c>redis-server</c> (loopback): latency of one
/// request's check (3 key + 3 org windows) and throughput with 64 requests in flight, as one app
/// instance would issue them (those queued behind a call in flight share the next). Prints the round
/// trips per request at the end (at most 1).
/// </summary>
[MemoryDiagnoser]
public class RedisRateLimiterBenchmarks
{
    private const long High = 1_000_000_000_000;
    private const int InFlight = 64;
    private Process _redis = null!;
    private RedisRateLimiter _limiter = null!;
    private RateLimitSubject[] _subjects = null!;
    private long _requests;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("redis-server is required: apt-get install -y redis-server");
        await Task.Delay(500);

        var keyPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("burst", RateLimitScope.Key, false, High, 10),
            new RateLimitPolicy("minute", RateLimitScope.Key, false, High, 60),
            new RateLimitPolicy("day", RateLimitScope.Key, false, High, 86_400),
        ]);
        var organizationPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("org.burst", RateLimitScope.Organization, false, High, 10),
            new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, High, 60),
            new RateLimitPolicy("org.day", RateLimitScope.Organization, false, High, 86_400),
        ]);
        _subjects = Enumerable.Range(0, 1000).Select(i => new RateLimitSubject($"key{i:D9}", $"org-{i % 10}", keyPolicies, organizationPolicies, 1)).ToArray();
        var options = Options.Create(new RedisRateLimitOptions { Configuration = $"127.0.0.1:{port}", Timeout = TimeSpan.FromSeconds(2) });
        _limiter = new RedisRateLimiter(options, TimeProvider.System, NullLoggerFactory.Instance);
        await _limiter.AcquireAsync(_subjects[0], default);
        _requests = 1;
    }

    [Benchmark(Description = "Redis, 3 key + 3 org windows, one request at a time")]
    public async Task<bool> OneRequest()
    {
        _requests++;
        return (await _limiter.AcquireAsync(_subjects[_next++ % _subjects.Length], default)).IsAdmitted;
    }

    [Benchmark(Description = "Read-only script keys and arguments of one request (no I/O)")]
    public int Arguments() => _limiter.BuildArguments(_subjects[_next++ % _subjects.Length]).Values.Length;

    [Benchmark(OperationsPerInvoke = 16, Description = "Keys and arguments of one call for 16 requests, per request (no I/O)")]
    public int Batch() => _limiter.BuildBatch(new ArraySegment<RateLimitSubject>(_subjects, _next++ % (_subjects.Length - 16), 16)).Values.Length;

    [Benchmark(OperationsPerInvoke = InFlight, Description = "Redis, 3 key + 3 org windows, 64 requests in flight")]
    public async Task InFlight64()
    {
        var pending = new Task<RateLimitDecision>[InFlight];
        for (var i = 0; i < InFlight; i++)
        {
            pending[i] = _limiter.AcquireAsync(_subjects[_next++ % _subjects.Length], default).AsTask();
        }

        _requests += InFlight;
        await Task.WhenAll(pending);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// round trips per request: {_limiter.RoundTrips / (double)_requests:F3} ({_limiter.RoundTrips} round trips, {_requests} requests, {_limiter.RequestsSent} sent, circuit open: {_limiter.CircuitOpen})"));
        await _limiter.DisposeAsync();
        _redis.Kill(entireProcessTree: true);
        await _redis.WaitForExitAsync();
        _redis.Dispose();
    }
}
