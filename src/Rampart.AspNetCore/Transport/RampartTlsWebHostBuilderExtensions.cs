using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Transport;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel TLS settings for Rampart APIs.</summary>
public static class RampartTlsWebHostBuilderExtensions
{
    /// <summary>The protocols Rampart allows: TLS 1.2 and TLS 1.3. The handshake picks 1.3 whenever the client offers it.</summary>
    public const SslProtocols AllowedProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Sets TLS 1.2 as the minimum on every Kestrel HTTPS endpoint (TLS 1.3 preferred: it is chosen
    /// whenever the client supports it) and stops Kestrel sending a <c>Server</c> header. Endpoints
    /// that ask for older protocols, in code or in <c>Kestrel:Endpoints</c>, are held to the minimum
    /// at each handshake.
    /// </summary>
    public static IWebHostBuilder UseRampartTls(this IWebHostBuilder builder)
        => builder.UseRampartTls(static _ => { });

    /// <summary>
    /// As <see cref="UseRampartTls(IWebHostBuilder)"/>, then applies <paramref name="configureHttps"/>
    /// to every HTTPS endpoint (a certificate, client-certificate rules). The protocol floor is
    /// enforced after it and cannot be lowered there.
    /// </summary>
    public static IWebHostBuilder UseRampartTls(this IWebHostBuilder builder, Action<HttpsConnectionAdapterOptions> configureHttps)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureHttps);

        builder.ConfigureServices(services =>
        {
            services.TryAddSingleton<RampartTlsMarker>();

            // First among Kestrel's option setups: endpoints configured in code copy the HTTPS defaults
            // when they are declared, so the defaults must already be in place whenever that happens.
            services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>>(
                new ConfigureOptions<KestrelServerOptions>(kestrel => Configure(kestrel, configureHttps))));
        });
        return builder;
    }

    private static void Configure(KestrelServerOptions kestrel, Action<HttpsConnectionAdapterOptions> configureHttps)
    {
        kestrel.AddServerHeader = false;
        kestrel.ConfigureHttpsDefaults(https =>
        {
            https.SslProtocols = AllowedProtocols;
            configureHttps(https);

            // Endpoint settings (code or configuration) may replace SslProtocols after these
            // defaults; this runs at every handshake and holds the floor whatever they say.
            var inner = https.OnAuthenticate;
            https.OnAuthenticate = (connection, ssl) =>
            {
                inner?.Invoke(connection, ssl);
                ssl.EnabledSslProtocols = ClampProtocols(ssl.EnabledSslProtocols);
            };
        });
    }

    /// <summary>Removes protocols below TLS 1.2; "system default" or nothing left becomes TLS 1.2 and 1.3.</summary>
    internal static SslProtocols ClampProtocols(SslProtocols requested)
    {
        var allowed = requested & AllowedProtocols;
        return allowed == SslProtocols.None ? AllowedProtocols : allowed;
    }
}
