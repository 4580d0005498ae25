using System.Text.RegularExpressions;

namespace Rampart.LoadTests;

/// <summary>
/// <c>smoke</c>: each configuration that checks keys answers a valid key with 200 and no key with 401, with
/// the same body and security headers as the Rampart configuration (trace ids aside), so a figure of one is
/// comparable with the other's. Exits with 1 on any difference.
/// </summary>
internal static partial class LoadDriver
{
    private static readonly string[] ComparedHeaders =
        ["Content-Type", "Cache-Control", "Strict-Transport-Security", "X-Content-Type-Options", "WWW-Authenticate", "RateLimit-Policy"];

    public static async Task<int> SmokeAsync(string[] args)
    {
        var names = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["rampart", "rampart-redis", "floor-a", "floor-r"];
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

        foreach (var failure in failures)
        {
            Console.WriteLine("DIFFERENT " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "smoke: all answers as expected" : $"smoke: {failures.Count} differences");
        return failures.Count == 0 ? 0 : 1;
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
