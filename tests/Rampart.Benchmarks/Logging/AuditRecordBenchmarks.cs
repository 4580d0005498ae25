using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Audit;

namespace Rampart.Benchmarks.Logging;

/// <summary>
/// The per-request cost of the audit record with body logging off: the middleware around a no-op
/// endpoint, writing to an enabled logger that discards, against the bare endpoint.
/// </summary>
[MemoryDiagnoser]
public class AuditRecordBenchmarks
{
    private static readonly RequestDelegate Endpoint = static context =>
    {
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    };

    private AuditMiddleware _middleware = null!;
    private DefaultHttpContext _context = null!;

    [Params(false, true)]
    public bool WithQueryAndHeaders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging(b => b.ClearProviders().AddProvider(new DiscardingLoggerProvider()).SetMinimumLevel(LogLevel.Information))
            .AddRampart(o => o.Keys.Peppers[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .BuildServiceProvider();
        _middleware = ActivatorUtilities.CreateInstance<AuditMiddleware>(services, Endpoint);
        _context = new DefaultHttpContext();
        var request = _context.Request;
        request.Method = "GET";
        request.Path = "/orders/42";
        if (WithQueryAndHeaders)
        {
            request.QueryString = new QueryString("?page=2&sort=desc&contact=someone");
            request.Headers.Accept = "application/json";
            request.Headers.UserAgent = "client/1.0 (linux)";
            request.Headers.Authorization = "Bearer not-logged";
        }

        _context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        _context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(RampartClaimTypes.KeyId, "abcdefghijkl"),
                new Claim(RampartClaimTypes.KeyName, "billing service"),
                new Claim(RampartClaimTypes.Organization, "org-1"),
                new Claim(RampartClaimTypes.Environment, "live"),
            ],
            "Rampart"));
    }

    [Benchmark(Baseline = true)]
    public Task EndpointOnly() => Endpoint(_context);

    [Benchmark]
    public Task WithAuditRecord() => _middleware.InvokeAsync(_context);

    private sealed class DiscardingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new DiscardingLogger();

        public void Dispose()
        {
        }
    }

    private sealed class DiscardingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        // Formats the message, as a real provider would.
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _ = formatter(state, exception);
    }
}
