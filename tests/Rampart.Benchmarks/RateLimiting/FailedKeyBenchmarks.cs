using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.RateLimiting;

/// <summary>
/// What a made-up key costs the app (the whole Rampart pipeline, keys in the default SQLite store):
/// verified with a store lookup while its network is under the failed-key limit, and refused with
/// 429 before any lookup once the network is over it. A fresh made-up key per request (its
/// generation, about a microsecond, is in both made-up rows), so no answer comes from the cache.
/// </summary>
[MemoryDiagnoser]
public class FailedKeyBenchmarks
{
    private string _folder = null!;
    private Pipeline _under = null!;
    private Pipeline _over = null!;
    private string _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("rampart-failed-keys-").FullName;
        _under = Pipeline.Create(Path.Combine(_folder, "under.db"), failedKeyLimit: 2_000_000_000);
        _over = Pipeline.Create(Path.Combine(_folder, "over.db"), failedKeyLimit: 1);
        _key = _under.Services.GetRequiredService<IApiKeyManager>()
            .CreateAsync(new ApiKeyCreateRequest { Name = "bench", Owner = "o", Organization = "org", Scopes = ["orders:read"] })
            .GetAwaiter().GetResult().Key;

        Expect(_under.InvokeAsync(_key), 200);
        Expect(_under.InvokeAsync(MadeUpKey()), 401);
        Expect(_over.InvokeAsync(MadeUpKey()), 401);
        Expect(_over.InvokeAsync(MadeUpKey()), 429);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _under.Dispose();
        _over.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Valid key (cached record), 200")]
    public Task<int> ValidKey() => _under.InvokeAsync(_key);

    [Benchmark(Description = "Made-up key, network under the limit: lookup, 401")]
    public Task<int> MadeUpKeyVerified() => _under.InvokeAsync(MadeUpKey());

    [Benchmark(Description = "Made-up key, network over the limit: no lookup, 429")]
    public Task<int> MadeUpKeyRefusedBeforeLookup() => _over.InvokeAsync(MadeUpKey());

    private static string MadeUpKey() => ApiKeyGenerator.NewKey("rmp", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());

    private static void Expect(Task<int> status, int expected)
    {
        var actual = status.GetAwaiter().GetResult();
        if (actual != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {actual}.");
        }
    }

    private sealed class Pipeline : IDisposable
    {
        private readonly WebApplication _app;
        private readonly RequestDelegate _pipeline;

        private Pipeline(WebApplication app, RequestDelegate pipeline)
        {
            _app = app;
            _pipeline = pipeline;
        }

        public IServiceProvider Services => _app.Services;

        public static Pipeline Create(string database, long failedKeyLimit)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Rampart:Keys:Peppers:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Rampart:Store:Sqlite:Path"] = database,
                ["Rampart:RateLimits:Tiers:default:Windows:burst:Limit"] = "2000000000",
                ["Rampart:RateLimits:Tiers:default:Windows:burst:Window"] = "00:00:10",
                ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Limit"] = "2000000000",
                ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Window"] = "00:01:00",
                ["Rampart:RateLimits:FailedKeysPerAddress:Windows:day:Limit"] = failedKeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Rampart:RateLimits:FailedKeysPerAddress:Windows:day:Window"] = "1.00:00:00",
            });
            builder.Services.AddRampart();
            builder.Services.AddRouting();
            var app = builder.Build();
            app.Services.GetRequiredService<Rampart.AspNetCore.Storage.IApiKeyStore>();
            foreach (var hosted in app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Rampart.AspNetCore.Storage.ApiKeyStoreInitializer>())
            {
                hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            app.UseRouting();
            app.UseRampart();
            app.MapGet("/orders", () => Results.Ok(new { id = 1 })).RequireScopes("orders:read");
            app.UseEndpoints(_ => { });
            return new Pipeline(app, ((IApplicationBuilder)app).Build());
        }

        public async Task<int> InvokeAsync(string key)
        {
            var context = new DefaultHttpContext();
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            var request = context.Request;
            request.Method = "GET";
            request.Scheme = "https";
            request.Host = new HostString("api.example.com");
            request.Path = "/orders";
            request.Headers.Authorization = "Bearer " + key;
            await using var scope = _app.Services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            await _pipeline(context);
            await context.Response.CompleteAsync();
            return context.Response.StatusCode;
        }

        public void Dispose() => ((IDisposable)_app).Dispose();
    }
}
