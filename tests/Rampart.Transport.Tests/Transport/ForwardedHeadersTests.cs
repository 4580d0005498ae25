using Microsoft.AspNetCore.Builder;
using System.Net;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public class ForwardedHeadersTests
{
    public static TheoryData<string, string, string, int, bool> Matrix() => new()
    {
        // trust, peer, X-Forwarded-Proto, status, HSTS sent
        { "proxy", "10.0.0.5", "https", 200, true },
        { "proxy", "::ffff:10.0.0.5", "https", 200, true },
        { "proxy", "10.0.0.6", "https", 403, false },
        { "proxy", "203.0.113.10", "https", 403, false },
        { "proxy", "10.0.0.5", "http", 403, false },
        { "proxy", "10.0.0.5", "http, https", 200, true },
        { "proxy", "10.0.0.5", "https, http", 403, false },
        { "network", "10.1.2.3", "https", 200, true },
        { "network", "10.2.0.1", "https", 403, false },
        { "none", "127.0.0.1", "https", 403, false },
        { "none", "10.0.0.5", "https", 403, false },
    };

    private static void Configure(string trust, RampartOptions options)
    {
        if (trust == "proxy")
        {
            options.Transport.TrustedProxies.Add("10.0.0.5");
        }
        else if (trust == "network")
        {
            options.Transport.TrustedNetworks.Add("10.1.0.0/16");
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_scheme_comes_from_x_forwarded_proto_only_when_the_immediate_peer_is_trusted(string trust, string peer, string proto, int status, bool hsts)
    {
        await using var app = await TransportTestApp.StartAsync(o => Configure(trust, o));

        var context = await app.SendAsync("http://api.example.com/public", peer: IPAddress.Parse(peer), headers: [new("X-Forwarded-Proto", proto)]);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(hsts, context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_trusted_proxy_also_supplies_the_client_address()
    {
        IPAddress? seen = null;
        await using var app = await TransportTestApp.StartAsync(
            o => o.Transport.TrustedProxies.Add("10.0.0.5"),
            map: a => a.MapGet("/ip", (HttpContext c) => { seen = c.Connection.RemoteIpAddress; return "ok"; }).AllowAnonymous());

        await app.SendAsync("http://api.example.com/ip", peer: IPAddress.Parse("10.0.0.5"), headers: [new("X-Forwarded-Proto", "https"), new("X-Forwarded-For", "198.51.100.7")]);

        Assert.Equal(IPAddress.Parse("198.51.100.7"), seen);
    }

    [Theory]
    [InlineData("not-an-ip", "Rampart:Transport:TrustedProxies")]
    [InlineData("10.0.0.0/99", "Rampart:Transport:TrustedNetworks")]
    public async Task Invalid_proxy_settings_stop_the_app_naming_the_key(string value, string key)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => TransportTestApp.StartAsync(o =>
        {
            if (key.EndsWith("Proxies", StringComparison.Ordinal))
            {
                o.Transport.TrustedProxies.Add(value);
            }
            else
            {
                o.Transport.TrustedNetworks.Add(value);
            }
        }));
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }
}
