using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Rampart.LoadTests;

/// <summary>
/// Starts each configuration in its own process and drives it with wrk from another, then prints
/// requests per second, p50 / p99 latency, allocated bytes per request, and the ratios.
/// </summary>
internal static partial class LoadDriver
{
    private sealed record Scenario(string Configuration, string Keys, int BadPercent, string Label);

    private sealed record Result(Scenario Scenario, double RequestsPerSecond, double P50Ms, double P99Ms, double BytesPerRequest, long Non2xx, double ServerCpuUsPerRequest, RedisFigures? Redis);

    /// <summary>
    /// Per request over the measured window: the limiter's calls to Redis (its own counter), the EVALSHAs Redis
    /// counted (<c>INFO commandstats</c>), Redis's CPU (<c>INFO cpu</c>) and its time inside EVALSHA.
    /// </summary>
    private sealed record RedisFigures(double CallsPerRequest, double EvalshaPerRequest, double CpuUsPerRequest, double EvalshaUsPerRequest, double RequestsPerCall);

    private const string Bare = "1. bare endpoint";
    private const string FairBuiltIns = "2. built-ins (cached key lookup)";
    private const string SqliteBuiltIns = "2b. built-ins, SQLite per request";
    private const string RampartInMemory = "3. Rampart";
    private const string RampartRedis = "4. Rampart, Redis limiter";
    private const string FloorInMemory = "5. floor, in memory";
    private const string FloorRedis = "6. floor, Redis, 1 call/req";
    private const string FloorRedisCoalesced = "7. floor, Redis, coalesced";

    private static readonly Scenario[] Configurations =
    [
        // Each floor next to what it is compared with, so that in rounds they run close in time.
        new("bare", "keys.txt", 0, Bare),
        new("floor-a", "keys.txt", 0, FloorInMemory),
        new("builtin", "keys.txt", 0, FairBuiltIns),
        new("builtin-sqlite", "keys.txt", 0, SqliteBuiltIns),
        new("rampart", "keys.txt", 0, RampartInMemory),
        new("rampart-redis", "keys.txt", 0, RampartRedis),
        new("floor-r", "keys.txt", 0, FloorRedis),
        new("floor-r-coalesced", "keys.txt", 0, FloorRedisCoalesced),
    ];

    private static readonly Scenario[] JunkKeyRuns =
    [
        new("builtin", "keys-bad-checksum.txt", 10, "2. built-ins, 10% mistyped keys"),
        new("rampart", "keys-bad-checksum.txt", 10, "3. Rampart, 10% bad-checksum keys"),
        new("builtin", "keys-unknown.txt", 10, "2. built-ins, 10% unknown keys"),
        new("rampart", "keys-unknown.txt", 10, "3. Rampart, 10% unknown keys"),
    ];

    // The goals the ratios are held to.
    private static readonly (string Of, string To, double Goal)[] Goals =
    [
        (RampartInMemory, Bare, 0.90),
        (RampartInMemory, FairBuiltIns, 1.2),
        (RampartRedis, RampartInMemory, 0.75),
        (RampartInMemory, SqliteBuiltIns, 1.0),

        // The floors: what the required work allows (a floor under a goal bounds it), and Rampart's own share (no goal).
        (FloorInMemory, Bare, 0.90),
        (RampartInMemory, FloorInMemory, 0),
        (FloorRedis, FloorInMemory, 0.75),
        (RampartRedis, FloorRedis, 0),
        (FloorRedisCoalesced, FloorInMemory, 0.75),
        (RampartRedis, FloorRedisCoalesced, 0),
    ];

    /// <summary><c>run</c>: each configuration once (the full mode adds the junk-key runs), then a table.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Prepare(args, fullByDefault: false) is not { } settings)
        {
            return 1;
        }

        using var redis = StartRedis();
        var results = new List<Result>();
        foreach (var scenario in Only(args, [.. Configurations, .. settings.Full ? JunkKeyRuns : []]))
        {
            results.Add(await RunAndPrintAsync(scenario, settings, redis));
        }

        PrintTable(results);
        foreach (var (of, to, goal) in Goals)
        {
            Ratio(results, of, to, goal);
        }

        return 0;
    }

    /// <summary>
    /// <c>rounds</c>: every configuration once per round, the order rotated each round, so machine noise
    /// falls on all of them alike; prints each round's ratios, then their medians.
    /// </summary>
    public static async Task<int> RoundsAsync(string[] args)
    {
        if (Prepare(args, fullByDefault: true) is not { } settings)
        {
            return 1;
        }

        var rounds = int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
        var configurations = Only(args, Configurations);
        using var redis = StartRedis();
        var perRound = new List<List<Result>>();
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"round {round + 1} of {rounds} (load average {LoadAverage()})");
            var order = configurations.Skip(round % configurations.Length).Concat(configurations.Take(round % configurations.Length));
            var results = new List<Result>();
            foreach (var scenario in order)
            {
                results.Add(await RunAndPrintAsync(scenario, settings, redis));
            }

            perRound.Add(results);
            foreach (var (of, to, goal) in Goals)
            {
                Ratio(results, of, to, goal);
            }

            Console.WriteLine();
        }

        var goals = Goals.Where(g => configurations.Any(c => c.Label == g.Of) && configurations.Any(c => c.Label == g.To)).ToArray();
        Console.WriteLine($"| round | {string.Join(" | ", configurations.Select(c => c.Label + " req/s (B/req)"))} | {string.Join(" | ", goals.Select(g => $"{Short(g.Of)} / {Short(g.To)}"))} |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", configurations.Length + goals.Length))}");
        for (var round = 0; round < perRound.Count; round++)
        {
            var results = perRound[round];
            var cells = configurations.Select(c => results.First(r => r.Scenario.Label == c.Label)).Select(r => $"{r.RequestsPerSecond:N0} ({r.BytesPerRequest:N0})");
            var ratios = goals.Select(g => $"{RatioOf(results, g.Of, g.To):N3}");
            Console.WriteLine($"| {round + 1} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} |");
        }

        foreach (var (of, to, goal) in goals)
        {
            var ratios = perRound.Select(r => RatioOf(r, of, to)).Order().ToArray();
            var median = ratios[ratios.Length / 2];
            Console.WriteLine($"median {of} / {to}: {median:N3} over {ratios.Length} rounds (range {ratios[0]:N3}-{ratios[^1]:N3}){Verdict(median, goal)}");
        }

        return 0;
    }

    /// <summary>The scenarios <c>--only a,b</c> names (configuration names), all of them without it.</summary>
    private static Scenario[] Only(string[] args, Scenario[] scenarios)
    {
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',');
        return only is null ? scenarios : scenarios.Where(s => only.Contains(s.Configuration)).ToArray();
    }

    private sealed record Settings(bool Full, int Warmup, int Duration, int Connections);

    private static Settings? Prepare(string[] args, bool fullByDefault)
    {
        var full = !args.Contains("--quick") && (fullByDefault || args.Contains("--full"));
        if (FindOnPath("wrk") is null)
        {
            Console.Error.WriteLine("wrk is required: apt-get install -y wrk");
            return null;
        }

        // Each server is a fresh process: tiered JIT needs several seconds of load to reach steady state.
        var settings = new Settings(full, Warmup: full ? 20 : 8, Duration: full ? 30 : 6, Connections: 32);
        Console.WriteLine($"mode: {(full ? "full" : "quick")}, {settings.Warmup}s warm-up + {settings.Duration}s measured per run, wrk -t2 -c{settings.Connections}, TLS on 127.0.0.1, tracing {(Environment.GetEnvironmentVariable("RAMPART_LOAD_TRACING") == "0" ? "off" : "on")}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        return settings;
    }

    private static async Task<Result> RunAndPrintAsync(Scenario scenario, Settings settings, RedisServer redis)
    {
        var result = await RunScenarioAsync(scenario, settings.Warmup, settings.Duration, settings.Connections, redis);
        Console.WriteLine($"  {scenario.Label,-38} {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50Ms,6:N2} ms  p99 {result.P99Ms,6:N2} ms  {result.BytesPerRequest,8:N0} B/req  server CPU {result.ServerCpuUsPerRequest,6:N1} us/req  non-2xx {result.Non2xx:N0}  (load {LoadAverage()})");
        if (result.Redis is { } figures)
        {
            Console.WriteLine($"  {string.Empty,-38} Redis: {figures.CallsPerRequest:N3} calls/req (limiter), {figures.EvalshaPerRequest:N3} EVALSHA/req (commandstats), {figures.RequestsPerCall:N1} req/call, Redis CPU {figures.CpuUsPerRequest:N1} us/req, in EVALSHA {figures.EvalshaUsPerRequest:N1} us/req");
        }

        return result;
    }

    private static void PrintTable(List<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("| configuration | req/s | p50 ms | p99 ms | allocated B/req | non-2xx |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Scenario.Label} | {r.RequestsPerSecond:N0} | {r.P50Ms:N2} | {r.P99Ms:N2} | {r.BytesPerRequest:N0} | {r.Non2xx:N0} |");
        }
    }

    private static string Short(string label) => label[..label.IndexOf('.', StringComparison.Ordinal)];

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed class RedisServer(Process process, int port) : IDisposable
    {
        public int Port { get; } = port;

        /// <summary>EVALSHA calls and microseconds (<c>INFO commandstats</c>) and CPU seconds (<c>INFO cpu</c>) so far.</summary>
        public (long Evalsha, double EvalshaUs, double CpuSeconds) Counters()
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("*3\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n$3\r\ncpu\r\n"u8);
            using var reader = new StreamReader(stream);
            var header = reader.ReadLine()!;
            var length = int.Parse(header[1..], CultureInfo.InvariantCulture);
            var buffer = new char[length];
            var read = 0;
            while (read < length)
            {
                read += reader.Read(buffer, read, length - read);
            }

            var info = new string(buffer).Split("\r\n");
            string Field(string prefix) => info.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "0";
            var evalsha = Field("cmdstat_evalsha:").Split(',');
            long calls = 0;
            double usec = 0;
            foreach (var part in evalsha)
            {
                var pair = part.Split('=');
                if (pair[0] == "calls")
                {
                    calls = long.Parse(pair[1], CultureInfo.InvariantCulture);
                }
                else if (pair[0] == "usec")
                {
                    usec = ParseDouble(pair[1]);
                }
            }

            return (calls, usec, ParseDouble(Field("used_cpu_user:")) + ParseDouble(Field("used_cpu_sys:")));
        }

        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    private static RedisServer StartRedis()
    {
        if (FindOnPath("redis-server") is null)
        {
            throw new InvalidOperationException("redis-server is required for configuration 4: apt-get install -y redis-server");
        }

        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                Environment.SetEnvironmentVariable("RAMPART_LOAD_REDIS", $"127.0.0.1:{port}");
                return new RedisServer(process, port);
            }
            catch (SocketException) when (attempt < 100)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static void Ratio(List<Result> results, string a, string b, double goal)
    {
        var ratio = RatioOf(results, a, b);
        if (!double.IsNaN(ratio))
        {
            Console.WriteLine($"ratio {a} / {b}: {ratio:N3}{Verdict(ratio, goal)}");
        }
    }

    private static string Verdict(double ratio, double goal) => goal <= 0 ? string.Empty : $" (goal >= {goal:N2}: {(ratio >= goal ? "met" : "MISSED")})";

    private static double RatioOf(List<Result> results, string a, string b)
    {
        var x = results.FirstOrDefault(r => r.Scenario.Label == a);
        var y = results.FirstOrDefault(r => r.Scenario.Label == b);
        return x is null || y is null ? double.NaN : x.RequestsPerSecond / y.RequestsPerSecond;
    }

    private static async Task<Result> RunScenarioAsync(Scenario scenario, int warmup, int duration, int connections, RedisServer redis)
    {
        var work = Directory.CreateTempSubdirectory("rampart-load-");
        var port = FreePort();
        using var server = await StartServerAsync(scenario, port, work);
        try
        {

            var script = WriteScript(work.FullName, scenario);
            var url = $"https://127.0.0.1:{port}/";
            await RunWrkAsync(["-t2", $"-c{connections}", $"-d{warmup}s", "-s", script, url]);
            var before = await StatsAsync(port);
            var redisBefore = redis.Counters();
            var output = await RunWrkAsync(["-t2", $"-c{connections}", $"-d{duration}s", "--latency", "-s", script, url]);
            var redisAfter = redis.Counters();
            var after = await StatsAsync(port);

            var completed = Math.Max(1, after.Requests - before.Requests);
            var calls = after.RedisCalls - before.RedisCalls;
            var redisFigures = calls == 0 ? null : new RedisFigures(
                calls / (double)completed,
                (redisAfter.Evalsha - redisBefore.Evalsha) / (double)completed,
                (redisAfter.CpuSeconds - redisBefore.CpuSeconds) * 1e6 / completed,
                (redisAfter.EvalshaUs - redisBefore.EvalshaUs) / completed,
                (after.RedisRequests - before.RedisRequests) / (double)calls);
            return new Result(
                scenario,
                ParseDouble(RequestsPerSecondPattern().Match(output).Groups[1].Value),
                ParseLatency(output, "50%"),
                ParseLatency(output, "99%"),
                (after.AllocatedBytes - before.AllocatedBytes) / (double)completed,
                NonSuccessPattern().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
                (after.CpuMs - before.CpuMs) * 1000 / completed,
                redisFigures);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    // wrk picks a key per request (the scenario's share of bad or unknown keys, the rest valid) and
    // sends it to its organisation's route, so the tenant binding admits it.
    private static string WriteScript(string folder, Scenario scenario)
    {
        static string Table(string path) => string.Join(", ", File.ReadAllLines(path).Select(line => line.Split(' ')).Select(p => $"{{ \"{p[0]}\", \"/organizations/{p[1]}/orders\" }}"));
        var lua = $$"""
            local valid = { {{Table(Path.Combine(folder, "keys.txt"))}} }
            local bad = { {{Table(Path.Combine(folder, scenario.Keys))}} }
            local n = 0
            request = function()
              n = n + 1
              local pick
              if {{scenario.BadPercent}} > 0 and n % 100 < {{scenario.BadPercent}} then pick = bad[(n % #bad) + 1] else pick = valid[(n % #valid) + 1] end
              return wrk.format("GET", pick[2], { ["Authorization"] = "Bearer " .. pick[1] })
            end
            """;
        var path = Path.Combine(folder, "load.lua");
        File.WriteAllText(path, lua);
        return path;
    }

    /// <summary>The configuration's server in its own process, once it says it is ready.</summary>
    private static async Task<Process> StartServerAsync(Scenario scenario, int port, DirectoryInfo work, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(LoadDriver).Assembly.Location, "serve", scenario.Configuration, port.ToString(CultureInfo.InvariantCulture), work.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = "1", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = Process.Start(start)!;
        if (!await WaitForReadyAsync(server))
        {
            var errors = await server.StandardError.ReadToEndAsync();
            server.Kill(entireProcessTree: true);
            server.Dispose();
            throw new InvalidOperationException($"The '{scenario.Configuration}' server did not start: {errors}");
        }

        return server;
    }

    private static async Task<bool> WaitForReadyAsync(Process server)
    {
        var line = server.StandardOutput.ReadLineAsync();
        var finished = await Task.WhenAny(line, Task.Delay(TimeSpan.FromSeconds(60)));
        return finished == line && (await line) == "ready";
    }

    private static async Task<LoadServer.Stats> StatsAsync(int port)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        return (await client.GetFromJsonAsync<LoadServer.Stats>($"https://127.0.0.1:{port}/_stats"))!;
    }

    private static async Task<string> RunWrkAsync(string[] arguments)
    {
        using var wrk = Process.Start(new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed: {await wrk.StandardError.ReadToEndAsync()}");
        }

        return output;
    }

    private static double ParseLatency(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = ParseDouble(match.Groups[1].Value);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static double ParseDouble(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);

    private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecondPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessPattern();
}
