using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Secrets;
using Rampart.AspNetCore.Transport;

namespace Rampart.Benchmarks.Transport;

/// <summary>The cost the transport stage adds to an HTTPS request, and a plain-HTTP refusal.</summary>
[MemoryDiagnoser]
public class TransportMiddlewareBenchmarks
{
    private HttpsTransportMiddleware _middleware = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddRampart(o => o.Keys.Peppers[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        _services = services.BuildServiceProvider();
        _middleware = ActivatorUtilities.CreateInstance<HttpsTransportMiddleware>(_services, (RequestDelegate)(static _ => Task.CompletedTask));
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>The context and a no-op pipeline alone: subtract it to get the middleware's cost.</summary>
    [Benchmark(Baseline = true)]
    public async Task ContextOnly()
    {
        var (context, response) = NewContext("https");
        await Next(context);
        await response.StartAsync();
    }

    private static readonly RequestDelegate Next = static _ => Task.CompletedTask;

    [Benchmark]
    public async Task HttpsRequest()
    {
        var (context, response) = NewContext("https");
        await _middleware.InvokeAsync(context);
        await response.StartAsync();
    }

    [Benchmark]
    public async Task PlainHttpRefusal()
    {
        var (context, response) = NewContext("http");
        await _middleware.InvokeAsync(context);
        await response.StartAsync();
    }

    private static (HttpContext, CallbackResponseFeature) NewContext(string scheme)
    {
        var context = new DefaultHttpContext();
        var response = new CallbackResponseFeature();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString("api.example.com");
        context.Request.Path = "/orders";
        return (context, response);
    }

    /// <summary>Runs OnStarting callbacks as a server would, so the header work is measured.</summary>
    private sealed class CallbackResponseFeature : HttpResponseFeature
    {
        private Func<object, Task>? _callback;
        private object? _state;

        public override void OnStarting(Func<object, Task> callback, object state)
        {
            _callback = callback;
            _state = state;
        }

        public Task StartAsync() => _callback?.Invoke(_state!) ?? Task.CompletedTask;
    }
}

/// <summary>AES-256-GCM envelopes of a typical third-party secret (a 64-byte provider key).</summary>
[MemoryDiagnoser]
public class SecretProtectorBenchmarks
{
    private ISecretProtector _protector = null!;
    private byte[] _plaintext = null!;
    private byte[] _associatedData = null!;
    private byte[] _envelope = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddRampart(o =>
        {
            o.Keys.Peppers[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.Secrets.MasterKeys[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        });
        _protector = services.BuildServiceProvider().GetRequiredService<ISecretProtector>();
        _plaintext = RandomNumberGenerator.GetBytes(64);
        _associatedData = new SecretContext("org-1", "payment-provider", "row-42").ToAssociatedData();
        _envelope = _protector.Protect(_plaintext, _associatedData);
    }

    [Benchmark]
    public byte[] Protect() => _protector.Protect(_plaintext, _associatedData);

    [Benchmark]
    public byte[] Unprotect() => _protector.Unprotect(_envelope, _associatedData);
}
