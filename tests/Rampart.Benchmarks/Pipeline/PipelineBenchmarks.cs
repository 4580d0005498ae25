using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.Pipeline;

/// <summary>
/// The middleware's own CPU and allocations per request, without sockets or TLS: the same endpoint
/// behind routing alone, and behind Rampart's whole pipeline (audit record, transport headers,
/// cached key verify, 3 windows × key + organisation, scope check).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private Pipeline _bare = null!;
    private Pipeline _rampart = null!;
    private string _key = null!;
    private string _badKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = Pipeline.Create(rampart: false);
        _rampart = Pipeline.Create(rampart: true);
        _key = _rampart.Services.GetRequiredService<IApiKeyManager>()
            .CreateAsync(new ApiKeyCreateRequest { Name = "bench", Owner = "o", Organization = "org", Scopes = ["orders:read"] })
            .GetAwaiter().GetResult().Key;
        _badKey = _key[..^1] + (_key[^1] == '0' ? '1' : '0');
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
    }

    [Benchmark(Baseline = true, Description = "Routing + endpoint")]
    public Task<int> Bare() => _bare.InvokeAsync(null);

    [Benchmark(Description = "Rampart pipeline + endpoint")]
    public Task<int> Rampart() => _rampart.InvokeAsync(_key);

    [Benchmark(Description = "Rampart pipeline, bad-checksum key (401)")]
    public Task<int> RampartRejected() => _rampart.InvokeAsync(_badKey);

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

        public static Pipeline Create(bool rampart)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (rampart)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Rampart:Keys:Peppers:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                    ["Rampart:Store:Provider"] = "InMemory",
                    ["Rampart:RateLimits:Tiers:default:Windows:burst:Limit"] = "2000000000",
                    ["Rampart:RateLimits:Tiers:default:Windows:burst:Window"] = "00:00:10",
                    ["Rampart:RateLimits:Tiers:default:Windows:minute:Limit"] = "2000000000",
                    ["Rampart:RateLimits:Tiers:default:Windows:minute:Window"] = "00:01:00",
                    ["Rampart:RateLimits:Tiers:default:Windows:day:Limit"] = "2000000000",
                    ["Rampart:RateLimits:Tiers:default:Windows:day:Window"] = "1.00:00:00",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:burst:Limit"] = "2000000000",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:burst:Window"] = "00:00:10",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Limit"] = "2000000000",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Window"] = "00:01:00",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:day:Limit"] = "2000000000",
                    ["Rampart:RateLimits:OrganizationDefaults:Windows:day:Window"] = "1.00:00:00",
                });
                builder.Services.AddRampart();
            }

            builder.Services.AddRouting();
            var app = builder.Build();
            app.UseRouting();
            if (rampart)
            {
                app.UseRampart();
            }

            var endpoint = app.MapGet("/orders", () => Results.Ok(new { id = 1, product = "widget" }));
            if (rampart)
            {
                endpoint.RequireScopes("orders:read");
            }

            app.UseEndpoints(_ => { });
            return new Pipeline(app, ((IApplicationBuilder)app).Build());
        }

        public async Task<int> InvokeAsync(string? key)
        {
            var context = new DefaultHttpContext();
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            var request = context.Request;
            request.Method = "GET";
            request.Scheme = "https";
            request.Host = new HostString("api.example.com");
            request.Path = "/orders";
            if (key is not null)
            {
                request.Headers.Authorization = "Bearer " + key;
            }

            await using var scope = _app.Services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            await _pipeline(context);
            await context.Response.CompleteAsync();
            return context.Response.StatusCode;
        }

        public void Dispose() => ((IDisposable)_app).Dispose();
    }
}
