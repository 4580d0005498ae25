using System.Text.RegularExpressions;

namespace Rampart.LoadTests;

/// <summary>
/// <c>smoke</c>: each configuration that checks keys answers a valid key with 200 and no key with 401, with
/// the same body and security headers as the Rampart configuration (trace ids aside), so a figure of one is
/// comparable with the other's; and each floor, its 10-second limit lowered, admits a burst up to the limit and
/// answers the rest 429. Exits with 1 on any difference.
/// </summary>
internal static partial class LoadDriver
{
    private static readonly string[] ComparedHeaders =
        ["Content-Type", "Cache-Control", "Strict-Transport-Security", "X-Content-Type-Options", "WWW-Authenticate", "RateLimit-Policy"];

    public static async Task<int> SmokeAsync(string[] args)
    {
        var names = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["rampart", "rampart-redis", "floor-a", "floor-r", "floor-r-coalesced"];
        using var redis = StartRedis();
        var answers = new Dictionary<string, (Answer Valid, Answer Missing)>();
        foreach (var name in names)
        {
            var work = Directory.CreateTempSubdirectory("rampart-smoke-");
            var port = FreePort();
            using var server = await StartServerAsync(new Scenario(name, "keys.txt", 0, name), port, work);
            try
            {
                var (key, organization) = File.ReadLines(Path.Combine(work.FullName, "keys.txt")).Select(l => l.Split(' ')).Select(p => (p[0], p[1])).First();
                using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
                using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
                var valid = await AskAsync(client, $"/organizations/{organization}/orders", key);
                var missing = await AskAsync(client, $"/organizations/{organization}/orders", null);
                answers[name] = (valid, missing);
                Console.WriteLine($"{name}: valid key {valid.Status}, no key {missing.Status}");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                work.Delete(recursive: true);
            }
        }

        var failures = new List<string>();
        foreach (var (name, (valid, missing)) in answers)
        {
            if (valid.Status != 200)
            {
                failures.Add($"{name}: a valid key got {valid.Status}");
            }

            if (missing.Status != 401)
            {
                failures.Add($"{name}: no key got {missing.Status}");
            }

            if (name != "rampart" && answers.TryGetValue("rampart", out var reference))
            {
                failures.AddRange(Differences($"{name}, valid key", valid, reference.Valid));
                failures.AddRange(Differences($"{name}, no key", missing, reference.Missing));
            }
        }

        foreach (var name in names.Where(n => n.StartsWith("floor-", StringComparison.Ordinal)))
        {
            failures.AddRange(await BurstAsync(name));
        }

        foreach (var failure in failures)
        {
            Console.WriteLine("DIFFERENT " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "smoke: all answers as expected" : $"smoke: {failures.Count} differences");
        return failures.Count == 0 ? 0 : 1;
    }

    private const int BurstLimit = 20;
    private const int BurstRequests = 30;

    /// <summary>
    /// All at once, <see cref="BurstRequests"/> requests of one key against a 10-second limit of <see cref="BurstLimit"/>
    /// (the key's and its organisation's): exactly the limit admitted, the rest 429, so concurrent requests
    /// (coalesced or not) are counted and taken back as one at a time would be.
    /// </summary>
    private static async Task<IEnumerable<string>> BurstAsync(string name)
    {
        var work = Directory.CreateTempSubdirectory("rampart-smoke-");
        var port = FreePort();
        using var server = await StartServerAsync(new Scenario(name, "keys.txt", 0, name), port, work, ("RAMPART_LOAD_FLOOR_BURST_LIMIT", BurstLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            // Another organisation than the first check's (which shares the Redis), and not across a window's end.
            var (key, organization) = File.ReadLines(Path.Combine(work.FullName, "keys.txt")).Select(l => l.Split(' ')).Select(p => (p[0], p[1])).Skip(1).First();
            var intoWindow = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 10_000;
            if (intoWindow > 6_000)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10_000 - intoWindow + 50));
            }

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
            var statuses = await Task.WhenAll(Enumerable.Range(0, BurstRequests).Select(_ => AskAsync(client, $"/organizations/{organization}/orders", key)).Select(async a => (await a).Status));
            var admitted = statuses.Count(s => s == 200);
            var refused = statuses.Count(s => s == 429);
            var stats = await StatsAsync(port);
            Console.WriteLine($"{name}: burst of {BurstRequests} against a limit of {BurstLimit}: {admitted} answered 200, {refused} answered 429 ({stats.RedisRequests} requests in {stats.RedisCalls} Redis calls)");
            return admitted == BurstLimit && refused == BurstRequests - BurstLimit
                ? []
                : [$"{name}: burst of {BurstRequests} against {BurstLimit}: {admitted} admitted, {refused} refused"];
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    private sealed record Answer(int Status, string Body, Dictionary<string, string> Headers);

    private static async Task<Answer> AskAsync(HttpClient client, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.SendAsync(request);
        var body = TraceIdPattern().Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"…\"");
        var headers = ComparedHeaders
            .Select(h => (h, Value: response.Headers.TryGetValues(h, out var v) || response.Content.Headers.TryGetValues(h, out v) ? string.Join(", ", v) : null))
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.h, p => p.Value!);
        return new Answer((int)response.StatusCode, body, headers);
    }

    private static IEnumerable<string> Differences(string what, Answer answer, Answer reference)
    {
        if (answer.Status != reference.Status)
        {
            yield return $"{what}: status {answer.Status}, Rampart {reference.Status}";
        }

        if (answer.Body != reference.Body)
        {
            yield return $"{what}: body {answer.Body}, Rampart {reference.Body}";
        }

        foreach (var name in ComparedHeaders)
        {
            var mine = answer.Headers.GetValueOrDefault(name);
            var theirs = reference.Headers.GetValueOrDefault(name);
            if (mine != theirs)
            {
                yield return $"{what}: {name} '{mine}', Rampart '{theirs}'";
            }
        }
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceIdPattern();
}
