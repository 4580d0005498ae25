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

    private sealed record Result(Scenario Scenario, double RequestsPerSecond, double P50Ms, double P99Ms, double BytesPerRequest, long Non2xx);

    public static async Task<int> RunAsync(string[] args)
    {
        var full = args.Contains("--full");
        // Each server is a fresh process: tiered JIT needs several seconds of load to reach steady state.
        var duration = full ? 30 : 6;
        var warmup = full ? 20 : 8;
        var connections = 32;
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',');

        if (FindOnPath("wrk") is null)
        {
            Console.Error.WriteLine("wrk is required: apt-get install -y wrk");
            return 1;
        }

        Scenario[] scenarios =
        [
            new("bare", "keys.txt", 0, "1. bare endpoint"),
            new("builtin", "keys.txt", 0, "2. ASP.NET Core built-ins"),
            new("rampart", "keys.txt", 0, "3. Rampart"),
            new("rampart-redis", "keys.txt", 0, "4. Rampart, Redis limiter"),
            new("builtin", "keys-bad-checksum.txt", 10, "2. built-ins, 10% mistyped keys"),
            new("rampart", "keys-bad-checksum.txt", 10, "3. Rampart, 10% bad-checksum keys"),
            new("builtin", "keys-unknown.txt", 10, "2. built-ins, 10% unknown keys"),
            new("rampart", "keys-unknown.txt", 10, "3. Rampart, 10% unknown keys"),
        ];

        // Configuration 4 needs a real redis-server on loopback: start a throwaway one.
        using var redis = StartRedis();
        Environment.SetEnvironmentVariable("RAMPART_LOAD_REDIS", $"127.0.0.1:{redis.Port}");

        Console.WriteLine($"mode: {(full ? "full" : "quick")}, {warmup}s warm-up + {duration}s measured per run, wrk -t2 -c{connections}, TLS on 127.0.0.1");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}");
        var results = new List<Result>();
        // The quick mode (under two minutes) runs the four configurations; the full mode adds the junk-key runs.
        foreach (var scenario in scenarios.Where(s => (only is null || only.Contains(s.Configuration)) && (full || s.BadPercent == 0)))
        {
            var result = await RunScenarioAsync(scenario, warmup, duration, connections);
            results.Add(result);
            Console.WriteLine($"  {scenario.Label,-36} {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50Ms,6:N2} ms  p99 {result.P99Ms,6:N2} ms  {result.BytesPerRequest,8:N0} B/req  non-2xx {result.Non2xx:N0}");
        }

        Console.WriteLine();
        Console.WriteLine("| configuration | req/s | p50 ms | p99 ms | allocated B/req | non-2xx |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Scenario.Label} | {r.RequestsPerSecond:N0} | {r.P50Ms:N2} | {r.P99Ms:N2} | {r.BytesPerRequest:N0} | {r.Non2xx:N0} |");
        }

        Ratio(results, "3. Rampart", "1. bare endpoint", 0.85);
        Ratio(results, "3. Rampart", "2. ASP.NET Core built-ins", 1.0);
        return 0;
    }

    private sealed class RedisServer(Process process, int port) : IDisposable
    {
        public int Port { get; } = port;

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
        var x = results.FirstOrDefault(r => r.Scenario.Label == a);
        var y = results.FirstOrDefault(r => r.Scenario.Label == b);
        if (x is null || y is null)
        {
            return;
        }

        var ratio = x.RequestsPerSecond / y.RequestsPerSecond;
        Console.WriteLine($"ratio {a} / {b}: {ratio:N3} (goal >= {goal:N2}: {(ratio >= goal ? "met" : "MISSED")})");
    }

    private static async Task<Result> RunScenarioAsync(Scenario scenario, int warmup, int duration, int connections)
    {
        var work = Directory.CreateTempSubdirectory("rampart-load-");
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("dotnet", [typeof(LoadDriver).Assembly.Location, "serve", scenario.Configuration, port.ToString(CultureInfo.InvariantCulture), work.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = "1", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        })!;
        try
        {
            var ready = await WaitForReadyAsync(server);
            if (!ready)
            {
                throw new InvalidOperationException($"The '{scenario.Configuration}' server did not start: {await server.StandardError.ReadToEndAsync()}");
            }

            var script = WriteScript(work.FullName, scenario);
            var url = $"https://127.0.0.1:{port}/orders";
            await RunWrkAsync(["-t2", $"-c{connections}", $"-d{warmup}s", "-s", script, url]);
            var before = await StatsAsync(port);
            var output = await RunWrkAsync(["-t2", $"-c{connections}", $"-d{duration}s", "--latency", "-s", script, url]);
            var after = await StatsAsync(port);

            var completed = Math.Max(1, after.Requests - before.Requests);
            return new Result(
                scenario,
                ParseDouble(RequestsPerSecondPattern().Match(output).Groups[1].Value),
                ParseLatency(output, "50%"),
                ParseLatency(output, "99%"),
                (after.AllocatedBytes - before.AllocatedBytes) / (double)completed,
                NonSuccessPattern().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    // wrk picks a key per request: the scenario's share of bad or unknown keys, the rest valid.
    private static string WriteScript(string folder, Scenario scenario)
    {
        var valid = File.ReadAllLines(Path.Combine(folder, "keys.txt"));
        var bad = File.ReadAllLines(Path.Combine(folder, scenario.Keys));
        var lua = $$"""
            local valid = { {{string.Join(", ", valid.Select(k => $"\"{k}\""))}} }
            local bad = { {{string.Join(", ", bad.Select(k => $"\"{k}\""))}} }
            local n = 0
            request = function()
              n = n + 1
              local key
              if {{scenario.BadPercent}} > 0 and n % 100 < {{scenario.BadPercent}} then key = bad[(n % #bad) + 1] else key = valid[(n % #valid) + 1] end
              return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. key })
            end
            """;
        var path = Path.Combine(folder, "load.lua");
        File.WriteAllText(path, lua);
        return path;
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
