using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rampart.Benchmarks.Stores;

/// <summary>
/// The PostgreSQL server the store benchmarks use: <c>RAMPART_BENCH_POSTGRES</c> (a connection string)
/// when set, else a throwaway cluster started with <c>initdb</c>/<c>pg_ctl</c> in a temporary folder.
/// </summary>
internal sealed class BenchmarkPostgres : IDisposable
{
    private readonly string? _folder;
    private readonly string? _bin;
    private readonly string? _runAs;

    public BenchmarkPostgres()
    {
        if (Environment.GetEnvironmentVariable("RAMPART_BENCH_POSTGRES") is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        _bin = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : [])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("initdb not found: install PostgreSQL or set RAMPART_BENCH_POSTGRES to a connection string.");
        _runAs = Environment.UserName == "root" ? "postgres" : null;
        _folder = Directory.CreateTempSubdirectory("rampart-bench-pg-").FullName;
        if (_runAs is not null)
        {
            Run("chown", null, "-R", _runAs, _folder);
        }

        Run(Path.Combine(_bin, "initdb"), _runAs, "-D", Path.Combine(_folder, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Run(Path.Combine(_bin, "pg_ctl"), _runAs, "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {_folder} -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB", "start");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        if (_folder is null)
        {
            return;
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(_bin!, "pg_ctl"), _runAs, "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private static void Run(string program, string? runAs, params string[] args)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        if (runAs is not null)
        {
            foreach (var part in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {output}");
        }
    }
}
