using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Rampart.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free 127.0.0.1 port, without persistence, killed on dispose.
/// A missing binary fails the test: it is never skipped.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(LoopbackPort.Free());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task RestartAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. The Redis rate-limit tests need a real Redis: install it with 'apt-get install -y redis-server' (Debian/Ubuntu) or 'brew install redis'.");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded generously: a loaded machine may take seconds to start a process.
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < Eventually.Bound;)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} on port {Port}.");
                }

                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException($"redis-server did not accept connections on port {Port} within {Eventually.Bound.TotalSeconds:F0} s.");
    }

    /// <summary>Kills the server abruptly, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server with SIGSTOP: connections stay open, nothing is answered.</summary>
    public void Stall() => Signal(StopSignal);

    /// <summary>Lets a stalled server go on (SIGCONT); what it received meanwhile is then answered.</summary>
    public void Resume() => Signal(ContinueSignal);

    /// <summary>A separate admin connection for inspecting what the limiter wrote.</summary>
    public Task<ConnectionMultiplexer> ConnectAdminAsync()
        => ConnectionMultiplexer.ConnectAsync($"{Configuration},allowAdmin=true");

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // A stalled server would not die of SIGKILL any later, but let it go on first to be sure.
            Resume();
        }

        await KillAsync();
    }

    private const int StopSignal = 19;
    private const int ContinueSignal = 18;

    private void Signal(int signal)
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        if (NativeMethods.Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Signal {signal} to redis-server failed.");
        }
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int sig);
    }

    private static string? FindBinary()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

}

/// <summary>One Redis shared by the tests of a class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
