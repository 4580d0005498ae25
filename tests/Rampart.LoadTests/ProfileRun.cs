using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rampart.LoadTests;

/// <summary>
/// <c>profile</c>: each configuration named (bare and Rampart by default) under <c>wrk</c> with
/// <c>perf record</c> attached to its server, then the server's CPU samples by component and the
/// CPU and bytes per request over the recorded window. A diagnostic, not a goal figure: <c>perf</c>
/// slows the server, and the machine's load is printed with each run.
/// </summary>
internal static partial class LoadDriver
{
    // Each sample goes to the innermost frame of its stack that names a component, so a middleware's
    // share is its own code and what it calls, not the rest of the pipeline it awaits.
    private static readonly (string Component, Regex Frame)[] Components =
    [
        ("Rampart: log scrubbing", Frame(@"Rampart\.AspNetCore\.(Logging\.Scrubbing|Redaction)\.")),
        ("Rampart: audit record and its line", Frame(@"Rampart\.AspNetCore\.Audit\.")),
        ("Rampart: rate limiter and its fields", Frame(@"Rampart\.AspNetCore\.RateLimiting\.(RateLimitingMiddleware|InMemory|RateLimitHeaders|RateLimitPolicy)")),
        ("Rampart: failed-key throttle", Frame(@"Rampart\.AspNetCore\.RateLimiting\.FailedKey")),
        ("StackExchange.Redis (messages, its socket and reader)", Frame(@"StackExchange\.Redis\.|RESPite\.|Pipelines\.Sockets\.")),
        ("Rampart: Redis limiter (batch, arguments, decisions, fallback ledger)", Frame(@"Rampart\.Redis\.")),
        ("floor: Redis windows (queue, call, verdicts)", Frame(@"Rampart\.LoadTests\.Floor\.(Coalesced)?RedisFloorWindows")),
        ("Rampart: key verify (parse, cache, keyed hash, span, principal)", Frame(@"Rampart\.AspNetCore\.(Authentication|Keys)\.")),
        ("Rampart: one-step path, scope, tenant", Frame(@"Rampart\.AspNetCore\.(OneStep|Authorization)\.")),
        ("Rampart: other (transport, problems)", Frame(@"Rampart\.AspNetCore\.")),
        ("floor: middleware, key check, in-memory windows, audit", Frame(@"Rampart\.LoadTests\.Floor\.")),
        ("endpoint (handler, JSON)", Frame(@"RequestDelegateFactory|System\.Text\.Json|EndpointMiddleware")),
        ("routing", Frame(@"Microsoft\.AspNetCore\.Routing")),
        ("hosting (request activity, its log lines)", Frame(@"Microsoft\.AspNetCore\.Hosting|Microsoft\.Extensions\.Logging")),
        ("Kestrel HTTP/1.1", Frame(@"Microsoft\.AspNetCore\.Server\.Kestrel\.Core\.Internal\.Http\.")),
        ("TLS (SslStream, OpenSSL)", Frame(@"System\.Net\.Security|libssl|libcrypto")),
        ("transport (sockets, pipes)", Frame(@"System\.Net\.Sockets|System\.IO\.Pipelines|Transport\.Sockets|DuplexPipe")),
    ];

    public static async Task<int> ProfileAsync(string[] args)
    {
        if (FindOnPath("wrk") is null || FindOnPath("perf") is null)
        {
            Console.Error.WriteLine("wrk and perf are required: apt-get install -y wrk linux-perf");
            return 1;
        }

        var seconds = int.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "20", CultureInfo.InvariantCulture);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["bare", "rampart"];
        // The Redis configurations need their Redis; the others run without one.
        using var redis = only.Any(o => o is "rampart-redis" or "floor-r" or "floor-r-coalesced") ? StartRedis() : null;
        foreach (var scenario in Configurations.Where(c => only.Contains(c.Configuration)))
        {
            await ProfileScenarioAsync(scenario, warmup: 15, seconds);
        }

        return 0;
    }

    private static async Task ProfileScenarioAsync(Scenario scenario, int warmup, int seconds)
    {
        var work = Directory.CreateTempSubdirectory("rampart-profile-");
        var port = FreePort();

        // The perf map names jitted code; with W^X on, code runs from a double mapping the map does not cover.
        using var server = await StartServerAsync(scenario, port, work, ("DOTNET_PerfMapEnabled", "1"), ("DOTNET_EnableWriteXorExecute", "0"));
        try
        {
            var script = WriteScript(work.FullName, scenario);
            var url = $"https://127.0.0.1:{port}/";
            await RunWrkAsync(["-t2", "-c32", $"-d{warmup}s", "-s", script, url]);
            var data = Path.Combine(work.FullName, "perf.data");
            var before = await StatsAsync(port);
            var load = RunWrkAsync(["-t2", "-c32", $"-d{seconds}s", "-s", script, url]);
            await RunToEndAsync("perf", ["record", "-F", "999", "-g", "-p", server.Id.ToString(CultureInfo.InvariantCulture), "-o", data, "--", "sleep", (seconds - 2).ToString(CultureInfo.InvariantCulture)]);
            await load;
            var after = await StatsAsync(port);
            var requests = Math.Max(1, after.Requests - before.Requests);
            var cpuUs = (after.CpuMs - before.CpuMs) * 1000 / requests;
            var bytes = (after.AllocatedBytes - before.AllocatedBytes) / (double)requests;

            var samples = Attribute(await RunToEndAsync("perf", ["script", "-i", data]));
            var total = Math.Max(1, samples.Values.Sum());
            Console.WriteLine($"{scenario.Label}: {requests:N0} requests, server CPU {cpuUs:N1} us/req, {bytes:N0} B/req, {total:N0} samples (load {LoadAverage()})");
            Console.WriteLine("| component | share of samples | us/req |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var (component, count) in samples.OrderByDescending(s => s.Value))
            {
                Console.WriteLine($"| {component} | {100.0 * count / total:N1}% | {cpuUs * count / total:N1} |");
            }

            Console.WriteLine();
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>Samples of <c>perf script</c> output by component: a header line, then one indented line per frame, leaf first.</summary>
    private static Dictionary<string, int> Attribute(string perfScript)
    {
        var counts = new Dictionary<string, int>();
        var frames = new List<string>();
        foreach (var line in perfScript.Split('\n').Append(string.Empty))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                frames.Add(line.Trim());
                continue;
            }

            if (frames.Count > 0)
            {
                var component = ComponentOf(frames);
                counts[component] = counts.GetValueOrDefault(component) + 1;
                frames.Clear();
            }
        }

        return counts;
    }

    private static string ComponentOf(List<string> frames)
    {
        foreach (var frame in frames)
        {
            foreach (var (component, pattern) in Components)
            {
                if (pattern.IsMatch(frame))
                {
                    return component;
                }
            }
        }

        var leaf = frames[0];
        return leaf.Contains("kernel", StringComparison.Ordinal) ? "kernel, no managed frame (syscalls, scheduling)"
            : leaf.Contains("libcoreclr", StringComparison.Ordinal) ? "runtime, no managed frame (GC, stubs)"
            : leaf.Contains("libclrjit", StringComparison.Ordinal) ? "JIT"
            : "thread pool, other runtime";
    }

    private static Regex Frame(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static async Task<string> RunToEndAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await errors}");
        }

        return await output;
    }
}
