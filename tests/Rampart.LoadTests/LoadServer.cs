using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Rampart.LoadTests;

/// <summary>One configuration of the same small API, on Kestrel over TLS on 127.0.0.1.</summary>
internal static class LoadServer
{
    public static async Task<int> RunAsync(string configuration, int port, string workFolder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FormattingDiscardLoggerProvider());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = CreateCertificate(),
                SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            }));
        });

        IApiConfiguration api = configuration switch
        {
            "bare" => new BareConfiguration(),
            "builtin" => new BuiltInConfiguration(workFolder),
            "rampart" => new RampartConfiguration(workFolder),
            "rampart-redis" => new RampartConfiguration(workFolder, Environment.GetEnvironmentVariable("RAMPART_LOAD_REDIS")),
            _ => throw new ArgumentException($"Unknown configuration '{configuration}'.", nameof(configuration)),
        };

        api.ConfigureServices(builder);
        var app = builder.Build();

        // Counts every request, admitted or refused, so allocations are divided by all of them.
        var requests = 0L;
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref requests);
            return next(context);
        });
        api.ConfigurePipeline(app);

        api.ConfigureEndpoint(app.MapGet("/orders", () => Results.Ok(Orders)));
        app.MapGet("/_stats", () => Results.Ok(new Stats(GC.GetTotalAllocatedBytes(precise: true), Interlocked.Read(ref requests))))
            .WithMetadata(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());

        await app.StartAsync();
        var keys = await api.CreateKeysAsync(app.Services, 100);
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys.txt"), keys.Valid);
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys-bad-checksum.txt"), keys.BadChecksum);
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys-unknown.txt"), keys.Unknown);
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static readonly object[] Orders =
    [
        new { id = 1, product = "widget", quantity = 3, status = "placed" },
        new { id = 2, product = "gadget", quantity = 1, status = "shipped" },
    ];

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    internal sealed record Stats(long AllocatedBytes, long Requests);
}

/// <summary>What differs between configurations.</summary>
internal interface IApiConfiguration
{
    void ConfigureEndpoint(RouteHandlerBuilder endpoint);

    void ConfigureServices(WebApplicationBuilder builder);

    void ConfigurePipeline(WebApplication app);

    Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count);
}

/// <summary>Valid keys, keys with a broken checksum (or otherwise malformed), and well-formed unknown keys.</summary>
internal sealed record IssuedKeys(IReadOnlyList<string> Valid, IReadOnlyList<string> BadChecksum, IReadOnlyList<string> Unknown);

/// <summary>
/// A log sink that formats every enabled record and drops it: every configuration pays for
/// producing its log lines, none pays for a particular console or file.
/// </summary>
internal sealed class FormattingDiscardLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger();

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                GC.KeepAlive(formatter(state, exception));
            }
        }
    }
}
