using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Scrubbing;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Scrubbing;

/// <summary>
/// The hosting's per-request scope is judged by its values, not formatted for the check; its text
/// still never shows a key, since a key in the path is in its values.
/// </summary>
public sealed class HostingScopeTextTests
{
    [Fact]
    public async Task A_clean_hosting_scope_reaches_providers_as_itself_and_is_known_by_its_values()
    {
        await using var app = await LoggingTestApp.StartAsync();
        var key = await app.CreateKeyAsync();

        // The first scope of the type is formatted once, to confirm its shape; the second is not.
        Assert.True((await app.GetAsync("/orders/1", key.Key)).IsSuccessStatusCode);
        app.Logs.Clear();
        Assert.True((await app.GetAsync("/orders/1", key.Key)).IsSuccessStatusCode);
        var scope = Assert.Single(app.Logs.GetSnapshot().SelectMany(r => r.Scopes).OfType<object>().Where(s => s.GetType().Name == "HostingLogScope").Distinct());

        // No provider here prints scopes, so nothing formatted it: the layer judged it by its values.
        var text = scope.GetType().GetField("_cachedToString", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.NotNull(text);
        Assert.Null(text.GetValue(scope));
        Assert.Equal("HostingLogScope", scope.GetType().Name);
        Assert.Equal("Microsoft.AspNetCore.Hosting", scope.GetType().Assembly.GetName().Name);
        Assert.StartsWith("RequestPath:/orders/1 RequestId:", scope.ToString(), StringComparison.Ordinal);
        var composed = typeof(HostingScopeText<>).MakeGenericType(scope.GetType()).GetMethod(nameof(HostingScopeText<string>.IsComposedOfValues))!;
        Assert.True((bool)composed.Invoke(null, [scope])!);
        Assert.False(HostingScopeText<Dictionary<string, object?>>.IsComposedOfValues(new Dictionary<string, object?> { ["RequestPath"] = "/", ["RequestId"] = "1" }));
    }

    [Fact]
    public async Task A_key_in_the_path_is_masked_in_the_hosting_scope_text()
    {
        await using var app = await LoggingTestApp.StartAsync();
        var key = await app.CreateKeyAsync();
        var secret = key.Key.Substring(key.Key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);

        await app.GetAsync("/orders/" + key.Key, key.Key);

        var texts = app.Logs.GetSnapshot().SelectMany(r => r.Scopes).Select(s => s?.ToString() ?? string.Empty)
            .Where(t => t.StartsWith("RequestPath:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(texts);
        Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(key.Key[..^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)], StringComparison.Ordinal));
    }
}
