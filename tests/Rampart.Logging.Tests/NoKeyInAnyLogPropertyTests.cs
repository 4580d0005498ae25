using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rampart.AspNetCore.Logging.Tests;

/// <summary>
/// Keys sent through every input a request has (headers of any name, query, route values, form and
/// JSON bodies, malformed bodies, values that fail binding), thrown in exception messages and logged
/// by the app as message text, structured values and scopes; ASP.NET Core's own request and HTTP
/// logging switched on. Then no provider, whether registered before or after <c>AddRampart()</c>,
/// may have seen any key's secret part.
/// </summary>
public class NoKeyInAnyLogPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 300;

    private static readonly string[] HeaderNames =
        ["Authorization", "X-Api-Key", "Cookie", "X-Forwarded-Token", "X-Note", "Referer", "User-Agent", "X-Correlation", "Proxy-Authorization", "X-Custom-1", "If-None-Match"];

    [Theory]
    [InlineData("Production", 20261201)]
    [InlineData("Development", 1201)]
    public async Task No_key_secret_reaches_any_provider_whoever_writes_the_line(string environment, int seed)
    {
        var before = new CapturingLoggerProvider();
        var after = new CapturingLoggerProvider();
        await using var app = await LoggingTestApp.StartAsync(
            o =>
            {
                o.Logging.SuppressFrameworkRequestLogs = false;
                o.RateLimits.Enabled = false;
                o.Logging.Bodies.Enabled = true;
            },
            map: Map,
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(after);
                s.AddHttpLogging(h =>
                {
                    h.LoggingFields = HttpLoggingFields.All;
                    foreach (var name in HeaderNames)
                    {
                        h.RequestHeaders.Add(name);
                    }

                    h.MediaTypeOptions.AddText("application/x-www-form-urlencoded");
                });
            },
            environment: environment,
            servicesBeforeRampart: s => s.AddLogging(b => b.AddProvider(before)),
            beforeRampart: a => a.UseHttpLogging());

        var random = new Random(seed);
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await app.CreateKeyAsync()).Key);
        }

        // Keys of other apps and environments are keys too.
        keys.Add(ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()));
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var statuses = new Dictionary<int, int>();
        for (var n = 0; n < Cases; n++)
        {
            using var request = BuildRequest(random, keys, app.Client.BaseAddress!, kinds);
            using var response = await app.Client.SendAsync(request);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(keys.All(k => !body.Contains(Secret(k), StringComparison.Ordinal)), $"a response body echoed a key: {(int)response.StatusCode}");
        }

        var captured = new Dictionary<string, string>
        {
            ["before AddRampart"] = string.Join('\n', before.Lines),
            ["after AddRampart"] = string.Join('\n', after.Lines),
            ["fake logger"] = string.Join('\n', app.LoggedText().Concat(app.Logs.GetSnapshot().SelectMany(r => r.Scopes.Select(s => s?.ToString() ?? string.Empty)))),
        };
        output.WriteLine(
            $"{environment}, seed {seed}: {Cases} requests, {keys.Count} keys; inputs: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; "
            + $"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; "
            + $"records: {before.Records} before, {after.Records} after; characters: {string.Join(", ", captured.Select(c => $"{c.Key} {c.Value.Length:N0}"))}.");

        Assert.True(before.Records > Cases && after.Records > Cases);
        foreach (var (sink, text) in captured)
        {
            foreach (var key in keys)
            {
                var at = text.IndexOf(Secret(key), StringComparison.Ordinal);
                Assert.True(at < 0, $"{sink}: a key's secret reached the sink: ...{(at < 0 ? string.Empty : text.Substring(Math.Max(0, at - 120), 120))}");
            }

            // The keys were logged, masked: the test saw them pass.
            Assert.Contains(keys[0][..^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)] + "…", text, StringComparison.Ordinal);
        }
    }

    private static string Secret(string key) => key.Substring(key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);

    private static void Map(WebApplication app)
    {
        app.MapGet("/audit", (int? minutes) => Results.Ok(new { minutes }));
        app.MapGet("/items/{id}", (int id) => Results.Ok(new { id }));
        app.MapGet("/notes/{text}", (string text) => Results.Ok(new { length = text.Length }));
        app.MapPost("/orders", (OrderRequest order) => Results.Ok(new { order.Quantity })).LogBodies();
        app.MapPost("/form", ([FromForm] int count, [FromForm] string? note) => Results.Ok(new { count })).DisableAntiforgery();
        app.MapGet("/throw", string (string text) => throw new InvalidOperationException("could not handle " + text));
        app.MapPost("/log", (string text, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger("App.Notes");
            logger.Log(LogLevel.Information, new EventId(7001), "note " + text, null, static (s, _) => s);
            logger.LogInformation("Note {Note} received", text);
            logger.LogInformation("Notes {Notes}", (object)new[] { "first", text });
            using (logger.BeginScope("Caller {Caller}", text))
            using (logger.BeginScope(text))
            using (logger.BeginScope(new Dictionary<string, object?> { ["Credential"] = text }))
            {
                logger.LogWarning("Inside the caller's scopes");
            }

            logger.LogError(new InvalidOperationException("failed with " + text), "Note failed");
            return Results.Ok();
        });
    }

    private static HttpRequestMessage BuildRequest(Random random, List<string> keys, Uri baseAddress, Dictionary<string, int> kinds)
    {
        string Key(string kind)
        {
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            return keys[random.Next(keys.Count)];
        }

        string Text(string kind) => random.Next(3) switch
        {
            0 => Key(kind),
            1 => "see " + Key(kind) + " here",
            _ => $"\"{Key(kind)}\"",
        };

        HttpRequestMessage request;
        switch (random.Next(9))
        {
            case 0:
                request = new(HttpMethod.Get, "/audit?minutes=" + Uri.EscapeDataString(Text("query failing binding")));
                break;
            case 1:
                request = new(HttpMethod.Get, "/items/" + Uri.EscapeDataString(Key("route value failing binding")));
                break;
            case 2:
                request = new(HttpMethod.Get, "/notes/" + Uri.EscapeDataString(Key("route value")) + "?q=" + Uri.EscapeDataString(Text("query")));
                break;
            case 3:
                request = new(HttpMethod.Post, "/orders")
                {
                    Content = new StringContent(
                        JsonSerializer.Serialize(new { product = Text("JSON body"), quantity = 1, customer = new { name = Key("JSON body"), notes = "n" } }),
                        Encoding.UTF8,
                        "application/json"),
                };
                break;
            case 4:
                // Malformed: cut inside the key, or a key where a number belongs.
                var json = random.Next(2) == 0
                    ? "{\"product\":\"" + Key("malformed JSON body")
                    : "{\"product\":\"p\",\"quantity\":\"" + Key("JSON value failing binding") + "\"}";
                request = new(HttpMethod.Post, "/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                break;
            case 5:
                request = new(HttpMethod.Post, "/form")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["count"] = random.Next(2) == 0 ? Key("form value failing binding") : "3",
                        ["note"] = Text("form body"),
                    }),
                };
                break;
            case 6:
                request = new(HttpMethod.Get, "/throw?text=" + Uri.EscapeDataString(Text("exception message")));
                break;
            case 7:
                request = new(HttpMethod.Post, "/log?text=" + Uri.EscapeDataString(Text("app ILogger text, values and scopes")));
                break;
            default:
                request = new(HttpMethod.Post, "/orders") { Content = new StringContent(Text("body of the wrong type"), Encoding.UTF8, "text/plain") };
                break;
        }

        // Credentials as the app expects them, and keys in headers of any name.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[random.Next(3)]);
        for (var i = random.Next(4); i > 0; i--)
        {
            var name = HeaderNames[1 + random.Next(HeaderNames.Length - 1)];
            var value = name switch
            {
                "Cookie" => "session=" + Key("header " + name) + "; theme=dark",
                "Referer" => new Uri(baseAddress, "/from?k=" + Key("header " + name)).ToString(),
                _ => Text("header " + name),
            };
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
