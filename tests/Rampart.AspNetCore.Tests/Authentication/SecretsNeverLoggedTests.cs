using System.Net.Http.Headers;
using Rampart.AspNetCore.Keys;
using Xunit.Abstractions;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Authentication;

public class SecretsNeverLoggedTests(ITestOutputHelper output)
{
    [Fact]
    public async Task No_captured_log_line_contains_any_issued_secret()
    {
        await using var app = await RampartTestApp.StartAsync();
        var keys = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            keys.Add((await app.CreateKeyAsync(i % 2 == 0 ? "orders:read" : "invoices:read")).Key);
        }

        await app.Keys.RevokeAsync(ApiKeyParserId(keys[2]));
        var rotated = await app.Keys.RotateAsync(ApiKeyParserId(keys[3]), TimeSpan.Zero);
        keys.Add(rotated.Key);

        var requests = 0;
        foreach (var key in keys)
        {
            foreach (var presented in new[] { key, key[..^1] + "0", key + "x", key.Replace("_live_", "_test_", StringComparison.Ordinal) })
            {
                foreach (var path in new[] { "/orders", "/whoami", "/orders?api_key=" + presented })
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presented);
                    (await app.Client.SendAsync(request)).Dispose();
                    requests++;
                }
            }
        }

        var lines = app.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState?.Select(s => s.Value) ?? [])).ToList();
        output.WriteLine($"{requests} requests, {lines.Count} log records checked.");
        Assert.NotEmpty(lines);
        foreach (var key in keys)
        {
            var secret = key[^(ApiKeyFormat.ChecksumLength + ApiKeyFormat.SecretLength)..^ApiKeyFormat.ChecksumLength];
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        // The rejections were logged, by id.
        Assert.Contains(lines, line => line.Contains("revoked", StringComparison.Ordinal) && line.Contains(ApiKeyParserId(keys[2]), StringComparison.Ordinal));
    }

    private static string ApiKeyParserId(string key)
    {
        ApiKeyParser.Parse(key, "acme", ApiKeyEnvironment.Live, out var parsed);
        return parsed.KeyId.ToString();
    }
}
