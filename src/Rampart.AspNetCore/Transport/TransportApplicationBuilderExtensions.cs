using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Transport;

/// <summary>Adds the transport stage: forwarded headers from trusted proxies, then the HTTPS-only middleware.</summary>
internal static class TransportApplicationBuilderExtensions
{
    internal static IApplicationBuilder UseRampartTransport(this IApplicationBuilder app)
    {
        var transport = app.ApplicationServices.GetRequiredService<IOptions<RampartOptions>>().Value.Transport;
        if (CreateForwardedHeadersOptions(transport) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }

        return app.UseMiddleware<HttpsTransportMiddleware>();
    }

    /// <summary>
    /// Believes <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> only from the configured proxies,
    /// and only the last entry (the one the immediate peer added). <see langword="null"/> when no
    /// proxy is trusted: the headers are then ignored.
    /// </summary>
    internal static ForwardedHeadersOptions? CreateForwardedHeadersOptions(TransportOptions transport)
    {
        if (transport.TrustedProxies.Count == 0 && transport.TrustedNetworks.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor,
            ForwardLimit = 1,
        };

        // The framework trusts loopback by default; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in transport.TrustedProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in transport.TrustedNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }
}
