using System.Diagnostics;
using System.Security.Authentication;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public class KestrelTlsTests
{
    [Theory]
    [InlineData(SslProtocols.Tls13, SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12, SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls12 | SslProtocols.Tls13, SslProtocols.Tls13)]
    [InlineData(SslProtocols.None, SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_clients_connect_and_1_3_is_preferred(SslProtocols client, SslProtocols negotiated)
    {
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: true);

        var (protocol, response) = await server.GetAsync(client);

        Assert.Equal(negotiated, protocol);
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\r\ntls\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Strict-Transport-Security: max-age=31536000; includeSubDomains", response, StringComparison.Ordinal);
        Assert.Contains("X-Content-Type-Options: nosniff", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Server:", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_endpoint_asking_for_tls_1_1_in_code_is_held_to_tls_1_2()
    {
#pragma warning disable SYSLIB0039 // An app asking for TLS 1.1 is the case under test.
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: true, endpointProtocols: SslProtocols.Tls11 | SslProtocols.Tls12);
#pragma warning restore SYSLIB0039

        var (protocol, _) = await server.GetAsync(SslProtocols.Tls12);
        Assert.Equal(SslProtocols.Tls12, protocol);
        var result = OpenSsl.Run(server.Port, "-tls1_1");
        Assert.False(result.Connected, result.Output);
        Assert.Contains("alert protocol version", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dotnet_client_limited_to_tls_1_1_cannot_connect()
    {
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: true);

#pragma warning disable SYSLIB0039 // TLS 1.1 is what is being refused.
        await Assert.ThrowsAnyAsync<Exception>(() => server.GetAsync(SslProtocols.Tls11));
        await Assert.ThrowsAnyAsync<Exception>(() => server.GetAsync(SslProtocols.Tls));
#pragma warning restore SYSLIB0039
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task An_openssl_client_offering_only_an_old_protocol_is_refused_by_the_server(string flag)
    {
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: true);

        var result = OpenSsl.Run(server.Port, flag);

        Assert.False(result.Connected, result.Output);
        Assert.Contains("alert protocol version", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openssl_clients_with_tls_1_2_and_1_3_connect()
    {
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: true);

        Assert.True(OpenSsl.Connects(server.Port, "-tls1_2"), OpenSsl.Run(server.Port, "-tls1_2").Output);
        Assert.True(OpenSsl.Connects(server.Port, "-tls1_3"), OpenSsl.Run(server.Port, "-tls1_3").Output);
    }

    [Fact]
    public async Task Control_a_kestrel_endpoint_allowing_tls_1_1_without_rampart_does_not_refuse_on_protocol_version()
    {
        // On OpenSSL 3 the server library itself cannot complete TLS 1.1 at its default security
        // level (handshake_failure, alert 40), so the refusal above is told apart by its alert:
        // protocol_version (70) means the protocol range Rampart set excluded the version.
#pragma warning disable SYSLIB0039
        await using var server = await KestrelTlsServer.StartAsync(rampartTls: false, endpointProtocols: SslProtocols.Tls11 | SslProtocols.Tls12);
#pragma warning restore SYSLIB0039

        var result = OpenSsl.Run(server.Port, "-tls1_1");

        Assert.DoesNotContain("alert protocol version", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_asking_only_for_tls_1_1_is_lifted_to_1_2_and_1_3_while_without_rampart_modern_clients_fail()
    {
#pragma warning disable SYSLIB0039
        await using var rampart = await KestrelTlsServer.StartAsync(rampartTls: true, endpointProtocols: SslProtocols.Tls11);
        await using var control = await KestrelTlsServer.StartAsync(rampartTls: false, endpointProtocols: SslProtocols.Tls11);
#pragma warning restore SYSLIB0039

        Assert.Equal(SslProtocols.Tls13, (await rampart.GetAsync(SslProtocols.Tls13)).Protocol);
        Assert.Equal(SslProtocols.Tls12, (await rampart.GetAsync(SslProtocols.Tls12)).Protocol);
        await Assert.ThrowsAnyAsync<Exception>(() => control.GetAsync(SslProtocols.Tls13));
        await Assert.ThrowsAnyAsync<Exception>(() => control.GetAsync(SslProtocols.Tls12));
    }

    [Fact]
    public void The_clamp_keeps_only_tls_1_2_and_1_3()
    {
#pragma warning disable SYSLIB0039
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, Microsoft.AspNetCore.Hosting.RampartTlsWebHostBuilderExtensions.ClampProtocols(SslProtocols.None));
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, Microsoft.AspNetCore.Hosting.RampartTlsWebHostBuilderExtensions.ClampProtocols(SslProtocols.Tls11));
        Assert.Equal(SslProtocols.Tls12, Microsoft.AspNetCore.Hosting.RampartTlsWebHostBuilderExtensions.ClampProtocols(SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12));
        Assert.Equal(SslProtocols.Tls13, Microsoft.AspNetCore.Hosting.RampartTlsWebHostBuilderExtensions.ClampProtocols(SslProtocols.Tls13));
#pragma warning restore SYSLIB0039
    }
}

/// <summary>Drives <c>openssl s_client</c>; a missing binary fails the test with what to install.</summary>
internal static class OpenSsl
{
    public static bool Connects(int port, string protocolFlag) => Run(port, protocolFlag).Connected;

    public static (bool Connected, string Output) Run(int port, string protocolFlag)
    {
        // SECLEVEL=0 lets this client offer TLS 1.0/1.1 at all, so a refusal comes from the server.
        var start = new ProcessStartInfo("openssl")
        {
            ArgumentList = { "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", protocolFlag, "-cipher", "DEFAULT:@SECLEVEL=0" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("The TLS tests need the openssl command line tool: apt-get install openssl.", exception);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                throw new TimeoutException("openssl s_client did not finish.");
            }

            var text = output.Result + error.Result;
            var connected = process.ExitCode == 0 && text.Contains("Verify return code", StringComparison.Ordinal) && !text.Contains("Cipher is (NONE)", StringComparison.Ordinal);
            return (connected, text);
        }
    }
}
