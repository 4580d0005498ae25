using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Rampart.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free
/// 127.0.0.1 port with trust authentication, removed on dispose. Missing binaries fail the tests with
/// a message saying what to install; they never skip. Run as root, the server runs as the
/// <c>postgres</c> (or <c>nobody</c>) user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _bin = string.Empty;
    private string _folder = string.Empty;
    private string? _runAs;

    /// <summary>
    /// Keep every commit across an immediate stop. Off (the default), commits return before their WAL
    /// is written (<c>synchronous_commit=off</c>), so a crash-like stop can lose the last ones: right
    /// for speed, wrong for a test that stops the server and expects its data back.
    /// </summary>
    public bool Durable { get; init; }

    public int Port { get; private set; }

    /// <summary>
    /// Connect and command timeouts far above what a healthy server needs, so a machine with both cores
    /// loaded never makes a healthy server look down; a stopped server refuses at once anyway, and the
    /// tests of a slow server set their own short timeouts.
    /// </summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=60;Command Timeout=120";

    public string DataFolder => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        _folder = Directory.CreateTempSubdirectory("rampart-pg-").FullName;
        if (_runAs is not null)
        {
            await RunAsync("chown", null, "-R", _runAs, _folder);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), _runAs, "-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Port = LoopbackPort.Free();
        await StartAsync();
    }

    public Task StartAsync()
        => RunAsync(
            Path.Combine(_bin, "pg_ctl"),
            _runAs,
            "-D", DataFolder,
            "-l", Path.Combine(_folder, "server.log"),
            "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c synchronous_commit={(Durable ? "on" : "off")} -c full_page_writes=off -c max_connections=300",
            "start");

    /// <summary>Stops the server at once, cutting every connection (as a crash or a failover would).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), _runAs, "-D", DataFolder, "-m", "immediate", "-w", "stop");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(DataFolder))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string Log()
    {
        var file = Path.Combine(_folder, "server.log");
        return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(30)) : "(no server log)";
    }

    /// <summary>A new empty schema name for one test.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    public async Task DropSchemaAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;");
        await command.ExecuteNonQueryAsync();
    }

    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
                : []);
        foreach (var folder in candidates)
        {
            if (File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. "
            + "Install PostgreSQL (Debian/Ubuntu: 'apt-get install postgresql') to run the PostgreSQL store tests.");
    }

    private static bool UserExists(string user) => File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    private static async Task RunAsync(string program, string? runAs, params string[] args)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(program)} {string.Join(' ', args)}' exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
