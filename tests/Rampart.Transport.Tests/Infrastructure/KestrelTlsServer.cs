using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rampart.Transport.Tests.Infrastructure;

/// <summary>Real Kestrel on a free loopback port with a self-signed certificate made for the test.</summary>
internal sealed class KestrelTlsServer : IAsyncDisposable
{
    private KestrelTlsServer(WebApplication app, X509Certificate2 certificate, int port)
    {
        App = app;
        Certificate = certificate;
        Port = port;
    }

    public WebApplication App { get; }

    public X509Certificate2 Certificate { get; }

    public int Port { get; }

    /// <param name="rampartTls">Whether <c>UseRampartTls</c> is called (false: a control server with Kestrel's own settings).</param>
    /// <param name="endpointProtocols">Protocols the endpoint itself asks for, as an app might in code.</param>
    public static async Task<KestrelTlsServer> StartAsync(bool rampartTls, SslProtocols? endpointProtocols = null)
    {
        var certificate = LocalhostCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();

        // Endpoint declared before UseRampartTls on purpose: the floor must hold whatever the order.
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (endpointProtocols is { } protocols)
            {
                https.SslProtocols = protocols;
            }
        })));
        if (rampartTls)
        {
            builder.WebHost.UseRampartTls();
        }

        builder.Services.AddRampart(o =>
        {
            o.Keys.Peppers[1] = TestPeppers.Version1;
            o.Store.Provider = Rampart.AspNetCore.Storage.ApiKeyStoreProvider.InMemory;
        });
        var app = builder.Build();
        app.UseRampart();
        app.MapGet("/", (HttpContext c) => c.Request.IsHttps ? "tls" : "clear").AllowAnonymous();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelTlsServer(app, certificate, new Uri(address).Port);
    }

    /// <summary>Handshakes with a client limited to <paramref name="protocols"/>; returns the negotiated protocol and the raw HTTP response.</summary>
    public async Task<(SslProtocols Protocol, string Response)> GetAsync(SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
        });

        await ssl.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(ssl, Encoding.ASCII);
        return (ssl.SslProtocol, await reader.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Certificate.Dispose();
    }
}
