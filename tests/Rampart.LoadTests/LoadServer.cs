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

        using var tracing = RequestTracing.Start();
        IApiConfiguration api = configuration switch
        {
            "bare" => new BareConfiguration(),
            "builtin" => new FairBuiltInConfiguration(workFolder),
            "builtin-sqlite" => new SqlitePerRequestBuiltInConfiguration(workFolder),
            "rampart" => new RampartConfiguration(workFolder),
            "rampart-redis" => new RampartConfiguration(workFolder, Environment.GetEnvironmentVariable("RAMPART_LOAD_REDIS")),
            "floor-a" => new Floor.FloorConfiguration(),
            "floor-r" => new Floor.FloorConfiguration(Environment.GetEnvironmentVariable("RAMPART_LOAD_REDIS") ?? throw new InvalidOperationException("floor-r needs RAMPART_LOAD_REDIS (host:port).")),
            "floor-r-coalesced" => new Floor.FloorConfiguration(Environment.GetEnvironmentVariable("RAMPART_LOAD_REDIS") ?? throw new InvalidOperationException("floor-r-coalesced needs RAMPART_LOAD_REDIS (host:port)."), coalesced: true),
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

        // Every configuration serves the same route; the organisation it names is bound to the key's where keys exist.
        api.ConfigureEndpoint(app.MapGet("/organizations/{org}/orders", (string org) => Results.Ok(Orders)));
        // The Redis limiter's own counters: calls to Redis on the request path, and the requests they carried.
        var redisLimiter = app.Services.GetService<Rampart.Redis.RateLimiting.RedisRateLimiter>();
        var floorRedis = app.Services.GetService<Floor.RedisFloorWindows>();
        var floorCoalesced = app.Services.GetService<Floor.CoalescedRedisFloorWindows>();
        app.MapGet("/_stats", () => Results.Ok(new Stats(
                GC.GetTotalAllocatedBytes(precise: true),
                Interlocked.Read(ref requests),
                Environment.CpuUsage.TotalTime.TotalMilliseconds,
                redisLimiter?.RoundTrips ?? floorRedis?.Calls ?? floorCoalesced?.Calls ?? 0,
                redisLimiter?.RequestsSent ?? floorRedis?.Calls ?? floorCoalesced?.RequestsSent ?? 0)))
            .WithMetadata(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());

        await app.StartAsync();
        var keys = await api.CreateKeysAsync(app.Services, 100);
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys.txt"), keys.Valid.Select(k => k.ToLine()));
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys-bad-checksum.txt"), keys.BadChecksum.Select(k => k.ToLine()));
        await File.WriteAllLinesAsync(Path.Combine(workFolder, "keys-unknown.txt"), keys.Unknown.Select(k => k.ToLine()));
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

    /// <param name="AllocatedBytes">Bytes allocated by the server process so far.</param>
    /// <param name="Requests">Requests the server has seen.</param>
    /// <param name="CpuMs">CPU time (user and system) the server process has used.</param>
    /// <param name="RedisCalls">Calls the Redis limiter made to Redis on the request path (0 without it).</param>
    /// <param name="RedisRequests">Requests those calls carried.</param>
    internal sealed record Stats(long AllocatedBytes, long Requests, double CpuMs, long RedisCalls, long RedisRequests);
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
internal sealed record IssuedKeys(IReadOnlyList<IssuedKey> Valid, IReadOnlyList<IssuedKey> BadChecksum, IReadOnlyList<IssuedKey> Unknown);

/// <summary>A key and the organisation whose route the load driver sends it to.</summary>
internal sealed record IssuedKey(string Key, string Organization)
{
    public string ToLine() => $"{Key} {Organization}";
}
