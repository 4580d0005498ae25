using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rampart.AspNetCore.Keys;
using Xunit.Abstractions;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests;

/// <summary>
/// Many random requests carrying random personal data, secrets and real keys in the path, query
/// string, headers and bodies; then no sensitive value may appear in any log record (of any
/// category) or in the audit store.
/// </summary>
public class NeverLoggedPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 400;

    private static readonly string[] SecretNames = ["password", "client_secret", "access_token", "X-Session-Token", "pin", "apiKey", "refresh-token"];
    private static readonly string[] PlainNames = ["q", "note", "comment", "search", "message"];

    [Theory]
    [InlineData(20261124, false)]
    [InlineData(7, true)]
    public async Task No_sensitive_value_reaches_any_sink(int seed, bool headerKey)
    {
        await using var app = await LoggingTestApp.StartAsync(
            o =>
            {
                if (headerKey)
                {
                    o.Authentication.HeaderName = "X-Api-Key";
                }

                o.Logging.Bodies.Enabled = true;
                o.Logging.LoggedHeaders.Add("X-Note");
                o.Logging.LoggedHeaders.Add("X-Session-Token");
                o.Logging.LoggedHeaders.Add("X-Api-Key");
                o.Logging.LoggedHeaders.Add("Authorization");
                o.Logging.LoggedHeaders.Add("Cookie");
                o.Logging.LoggedHeaders.Add("User-Agent");
            },
            withStore: true);
        var samples = new PiiSamples(new Random(seed));
        var keys = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            keys.Add((await app.CreateKeyAsync()).Key);
        }

        // Keys of other apps and environments are keys too.
        keys.Add(ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId()));

        var sensitive = new HashSet<string>(StringComparer.Ordinal);
        var sensitiveKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < Cases; n++)
        {
            using var request = BuildRequest(samples, keys, headerKey, sensitive, sensitiveKinds);
            using var response = await app.Client.SendAsync(request);
        }

        var logged = string.Join('\n', app.LoggedText());
        var stored = await app.StoredAsync();
        var storedText = string.Join('\n', stored.Select(r => JsonSerializer.Serialize(r)));
        Assert.Equal(Cases, stored.Count);
        Assert.Equal(Cases, app.Logs.GetSnapshot().Count(r => r.Id.Id == 1200));

        var leaks = sensitive.Where(value => logged.Contains(value, StringComparison.Ordinal) || storedText.Contains(value, StringComparison.Ordinal)).ToList();
        output.WriteLine($"seed {seed}: {Cases} requests, {sensitive.Count} distinct sensitive values checked against {logged.Length:N0} logged and {storedText.Length:N0} stored characters; by kind: {string.Join(", ", sensitiveKinds.Select(k => $"{k.Key} {k.Value}"))}.");
        foreach (var leak in leaks.Take(12))
        {
            var where = app.Logs.GetSnapshot().FirstOrDefault(r => r.Message.Contains(leak, StringComparison.Ordinal) || (r.StructuredState?.Any(p => p.Value?.Contains(leak, StringComparison.Ordinal) == true) ?? false));
            var at = logged.IndexOf(leak, StringComparison.Ordinal);
            output.WriteLine($"leaked value [{leak}] in {where?.Category}/{where?.Id}: ...{(at >= 0 ? logged.Substring(Math.Max(0, at - 80), Math.Min(200, logged.Length - Math.Max(0, at - 80))) : "stored")}");
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} sensitive values leaked, e.g. kind of first: {Describe(leaks.FirstOrDefault())}");

        // The masks did their work where content is logged at all.
        Assert.Contains("[Redacted]", logged, StringComparison.Ordinal);
        Assert.Contains("[rampart-key]", logged, StringComparison.Ordinal);
    }

    private static string Describe(string? value) => value is null ? "none" : $"{value.Length} characters starting '{value[..Math.Min(4, value.Length)]}'";

    private static HttpRequestMessage BuildRequest(PiiSamples samples, List<string> keys, bool headerKey, HashSet<string> sensitive, Dictionary<string, int> kinds)
    {
        var random = samples.Random;
        string Sensitive(string kind, string value)
        {
            sensitive.Add(value);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            return value;
        }

        string Key()
        {
            var key = keys[random.Next(keys.Count)];

            // The secret part alone must not leak either.
            Sensitive("key-secret", key.Substring(key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength));
            return Sensitive("key", key);
        }

        string Pii() => Sensitive("pii", samples.AnyPii());

        string SecretValue() => Sensitive("secret-value", "s" + samples.Token(15 + random.Next(10)));

        string FreeText() => random.Next(3) switch
        {
            0 => $"please contact {Pii()} about it",
            1 => $"use {Key()} now",
            _ => $"{Pii()}",
        };

        // Path: sometimes personal data in a route value.
        var path = random.Next(4) switch
        {
            0 => "/orders/" + Uri.EscapeDataString(Pii()),
            1 => "/notes",
            2 => "/orders",
            _ => "/plain",
        };
        var method = path.StartsWith("/orders/", StringComparison.Ordinal) ? HttpMethod.Get : HttpMethod.Post;

        // Query: secret-named values, free text with personal data or keys.
        var query = new List<string>();
        for (var i = random.Next(4); i > 0; i--)
        {
            if (random.Next(2) == 0)
            {
                query.Add($"{SecretNames[random.Next(SecretNames.Length)]}={Uri.EscapeDataString(SecretValue())}");
            }
            else
            {
                query.Add($"{PlainNames[random.Next(PlainNames.Length)]}={Uri.EscapeDataString(FreeText())}");
            }
        }

        var request = new HttpRequestMessage(method, path + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));

        // Credentials: a real key most of the time, sometimes in an unlisted header too.
        if (random.Next(5) > 0)
        {
            if (headerKey)
            {
                request.Headers.Add("X-Api-Key", Key());
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key());
            }
        }

        if (random.Next(3) == 0)
        {
            request.Headers.Add("X-Note", FreeText());
        }

        if (random.Next(3) == 0)
        {
            request.Headers.Add("X-Session-Token", SecretValue());
        }

        if (random.Next(3) == 0)
        {
            request.Headers.Add("Cookie", $"session={SecretValue()}; theme=dark");
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", $"client/1.0 ({FreeText()})");
        }

        if (method == HttpMethod.Post)
        {
            request.Content = random.Next(3) switch
            {
                // taxId is secret through [SecretData] on the type /orders binds; elsewhere it is just a field.
                0 => new StringContent(JsonBody(random, Pii, SecretValue, path == "/orders" ? SecretValue : () => "t" + samples.Token(12), FreeText), Encoding.UTF8, "application/json"),
                1 => new StringContent($"password={Uri.EscapeDataString(SecretValue())}&note={Uri.EscapeDataString(FreeText())}", Encoding.UTF8, "application/x-www-form-urlencoded"),
                _ => new StringContent($"line one {FreeText()}\r\nline two {FreeText()}", Encoding.UTF8, "text/plain"),
            };
        }

        return request;
    }

    private static string JsonBody(Random random, Func<string> pii, Func<string> secret, Func<string> typedSecret, Func<string> text)
    {
        var body = new Dictionary<string, object?>
        {
            ["product"] = "widget",
            ["quantity"] = random.Next(1, 10),
            ["email"] = pii(),
            ["password"] = secret(),
            ["customer"] = new Dictionary<string, object?>
            {
                ["name"] = "N" + random.Next(1000),
                ["taxId"] = typedSecret(),
                ["notes"] = text(),
                ["tags"] = new[] { text(), "plain" },
            },
            ["notes"] = text(),
        };
        return JsonSerializer.Serialize(body);
    }
}
