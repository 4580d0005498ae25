using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.RateLimiting;

/// <summary>
/// Requests per second of one app instance (Kestrel on loopback, Rampart authentication and rate
/// limits of 3 key + 3 organisation windows) with 64 requests in flight: limits in memory versus
/// limits in a local Redis. The mean is per request; requests per second = 1 s / mean.
/// </summary>
public class HttpRateLimitBenchmarks
{
    private const int InFlight = 64;
    private Process _redis = null!;
    private WebApplication _memoryApp = null!;
    private WebApplication _redisApp = null!;
    private HttpClient _memoryClient = null!;
    private HttpClient _redisClient = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var port = FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("redis-server is required: apt-get install -y redis-server");
        await Task.Delay(500);

        (_memoryApp, _memoryClient) = await StartAsync(redisConfiguration: null);
        (_redisApp, _redisClient) = await StartAsync($"127.0.0.1:{port}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight, Description = "HTTP, limits in memory, 64 in flight")]
    public Task InMemory() => SendAsync(_memoryClient);

    [Benchmark(OperationsPerInvoke = InFlight, Description = "HTTP, limits in Redis, 64 in flight")]
    public Task OnRedis() => SendAsync(_redisClient);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _memoryClient.Dispose();
        _redisClient.Dispose();
        await _memoryApp.DisposeAsync();
        await _redisApp.DisposeAsync();
        _redis.Kill(entireProcessTree: true);
        await _redis.WaitForExitAsync();
        _redis.Dispose();
    }

    private static async Task SendAsync(HttpClient client)
    {
        var pending = new Task<HttpResponseMessage>[InFlight];
        for (var i = 0; i < InFlight; i++)
        {
            pending[i] = client.GetAsync("/orders");
        }

        foreach (var response in await Task.WhenAll(pending))
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Unexpected {(int)response.StatusCode}.");
            }

            response.Dispose();
        }
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string? redisConfiguration)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["Rampart:Keys:Prefix"] = "bench",
            ["Rampart:Keys:Peppers:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (scope, names) in new[] { ("Tiers:default", new[] { "burst", "minute", "day" }), ("OrganizationDefaults", new[] { "burst", "minute", "day" }) })
        {
            foreach (var (name, seconds) in names.Zip(new[] { 10, 60, 86_400 }))
            {
                settings[$"Rampart:RateLimits:{scope}:Windows:{name}:Limit"] = "1000000000000";
                settings[$"Rampart:RateLimits:{scope}:Windows:{name}:Window"] = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
            }
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRampart();
        if (redisConfiguration is not null)
        {
            builder.Services.AddRampartRedisRateLimits(o => o.Configuration = redisConfiguration);
        }

        var app = builder.Build();
        app.UseRampart();
        app.MapGet("/orders", () => "orders");
        await app.StartAsync();

        var created = await app.Services.GetRequiredService<IApiKeyManager>().CreateAsync(new ApiKeyCreateRequest
        {
            Name = "bench",
            Owner = "bench",
            Organization = "org-bench",
            Scopes = ["orders:read"],
        });
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = InFlight }) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        return (app, client);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
