using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rampart.Benchmarks.Pipeline;

/// <summary>
/// The small API of the pipeline benchmarks, built once and invoked directly with a fresh
/// <see cref="DefaultHttpContext"/> per request: routing alone, or routing behind Rampart.
/// </summary>
internal sealed class BenchmarkPipeline : IDisposable
{
    private readonly WebApplication _app;
    private readonly RequestDelegate _pipeline;

    private BenchmarkPipeline(WebApplication app, RequestDelegate pipeline)
    {
        _app = app;
        _pipeline = pipeline;
    }

    public const string Organization = "org";

    private static readonly System.Diagnostics.ActivitySource HostingSource = new("Microsoft.AspNetCore");

    private const string Path = "/organizations/" + Organization + "/orders";

    public IServiceProvider Services => _app.Services;

    public static BenchmarkPipeline Create(bool rampart)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new Rampart.LoadTests.FormattingDiscardLoggerProvider());
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

        var endpoint = app.MapGet("/organizations/{org}/orders", (string org) => Results.Ok(new { id = 1, product = "widget" }));
        if (rampart)
        {
            endpoint.RequireScopes("orders:read").RequireOrganization(fromRoute: "org");
        }

        app.UseEndpoints(_ => { });
        return new BenchmarkPipeline(app, ((IApplicationBuilder)app).Build());
    }

    /// <summary>One request; <paramref name="authorization"/> is the whole header value (made once by the caller).</summary>
    public async Task<int> InvokeAsync(string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        var request = context.Request;
        request.Method = "GET";
        request.Scheme = "https";
        request.Host = new HostString("api.example.com");
        request.Path = Path;
        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        // As Kestrel's hosting layer does for every request when its source is listened to.
        using var activity = HostingSource.StartActivity("Microsoft.AspNetCore.Hosting.HttpRequestIn", System.Diagnostics.ActivityKind.Server);
        await using var scope = _app.Services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        await _pipeline(context);
        await context.Response.CompleteAsync();
        return context.Response.StatusCode;
    }

    public void Dispose() => ((IDisposable)_app).Dispose();
}
