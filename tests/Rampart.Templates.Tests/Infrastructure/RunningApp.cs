using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>
/// A generated app's build started as its own process on real Kestrel, over HTTPS with a
/// certificate made for the run (PEM files, as a container gets them mounted), stopped on dispose.
/// </summary>
internal sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _certificates;

    private RunningApp(Process process, StringBuilder output, string certificates, HttpClient client)
    {
        _process = process;
        _output = output;
        _certificates = certificates;
        Client = client;
    }

    /// <summary>A client for the app's HTTPS address that trusts the app's certificate and no other.</summary>
    public HttpClient Client { get; }

    /// <summary>What the app printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>src/{name}/bin/Debug/net10.0/{name}.dll</c> with <paramref name="environment"/>
    /// (less its port settings; the Kestrel certificate and a loopback HTTPS address are added) and waits until it answers
    /// <c>/health/live</c>.
    /// </summary>
    public static async Task<RunningApp> StartAsync(GeneratedSolution solution, DotNetCli cli, IReadOnlyDictionary<string, string> environment)
    {
        var output = Path.Combine(solution.ApiProjectDirectory, "bin", "Debug", "net10.0");
        var certificates = Directory.CreateTempSubdirectory("rampart-app-cert-").FullName;
        using var certificate = LocalhostCertificate.Create();
        var certificateFile = Path.Combine(certificates, "app.pem");
        var keyFile = Path.Combine(certificates, "app.key");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = LoopbackPort.Free();

        var start = cli.CreateStartInfo(output, [Path.Combine(output, solution.Name + ".dll")]);
        foreach (var name in start.Environment.Keys.Where(IsAppSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment.Where(e => !e.Key.EndsWith("_PORTS", StringComparison.Ordinal)))
        {
            start.Environment[name] = value;
        }

        // HTTPS on loopback only; the image's port settings would listen on every interface.
        start.Environment["ASPNETCORE_URLS"] = $"https://127.0.0.1:{port}";
        start.Environment["Kestrel__Certificates__Default__Path"] = certificateFile;
        start.Environment["Kestrel__Certificates__Default__KeyPath"] = keyFile;

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var app = new RunningApp(process, log, certificates, client);
        try
        {
            await app.WaitForAsync("/health/live", HttpStatusCode.OK);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Asks <paramref name="path"/> until it answers <paramref name="expected"/>; fails after a generous bound.</summary>
    public async Task<HttpResponseMessage> WaitForAsync(string path, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} while waiting for {path} to answer {(int)expected}:\n{Output}");
            }

            try
            {
                var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
                if (response.StatusCode == expected)
                {
                    return response;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                response.Dispose();
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"{path} did not answer {(int)expected} within 120 s (last: {last}):\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_certificates, recursive: true);
    }

    // Settings of the test host's own environment must not reach the app.
    private static bool IsAppSetting(string name)
        => name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Rampart__", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
