using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>Whether a signing key was found, and if not, whether that is because the sender's key list could not be read.</summary>
internal readonly record struct SigningKeyLookup(byte[]? SubjectPublicKeyInfo, bool KeysUnavailable);

/// <summary>
/// The senders' public keys: those configured, then those fetched from <see cref="LeakReportOptions.PublicKeysUrl"/>,
/// cached for <see cref="LeakReportOptions.PublicKeysCacheDuration"/>. An unknown key id prompts a fetch at most once
/// per <see cref="LeakReportOptions.PublicKeysMinimumRefreshInterval"/>, so forged ids cost the sender nothing.
/// </summary>
internal sealed class LeakReportKeyRing
{
    public const string HttpClientName = "Rampart.LeakReports";
    private const int MaxKeyListBytes = 1024 * 1024;
    private const int MaxKeys = 100;

    private readonly LeakReportOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, byte[]> _configured = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile FetchedKeys? _fetched;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public LeakReportKeyRing(IOptions<RampartOptions> options, IHttpClientFactory clients, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value.Incidents.LeakReports;
        _clients = clients;
        _time = time;
        _logger = loggers.CreateLogger(LeakReportLog.Category);
        foreach (var (id, pem) in _options.PublicKeys)
        {
            // The validator refused unreadable keys at start.
            if (LeakReportSignature.TryReadPublicKey(pem, out var key))
            {
                _configured[id] = key;
            }
        }
    }

    public async ValueTask<SigningKeyLookup> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_configured.TryGetValue(keyId, out var configured))
        {
            return new(configured, false);
        }

        if (_options.PublicKeysUrl is not { } url)
        {
            return new(null, false);
        }

        var now = _time.GetUtcNow();
        var fetched = _fetched;
        var fresh = fetched is not null && now - fetched.At < _options.PublicKeysCacheDuration;
        if (fresh && fetched!.Keys.TryGetValue(keyId, out var cached))
        {
            return new(cached, false);
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            fetched = _fetched;
            fresh = fetched is not null && now - fetched.At < _options.PublicKeysCacheDuration;
            if ((!fresh || !fetched!.Keys.ContainsKey(keyId)) && now - _lastAttempt >= _options.PublicKeysMinimumRefreshInterval)
            {
                _lastAttempt = now;
                if (await FetchAsync(url, cancellationToken).ConfigureAwait(false) is { } keys)
                {
                    fetched = _fetched = new FetchedKeys(now, keys);
                }
            }
        }
        finally
        {
            _refresh.Release();
        }

        if (fetched is not null && fetched.Keys.TryGetValue(keyId, out var key))
        {
            return new(key, false);
        }

        // Stale keys are still used when a refresh fails; no list at all means the answer is unknown, not "forged".
        return new(null, fetched is null);
    }

    private async Task<Dictionary<string, byte[]>?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var client = _clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LeakReportLog.KeyListUnavailable(_logger, url, $"status {(int)response.StatusCode}", null);
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = await BoundedBody.ReadAsync(stream, MaxKeyListBytes, cancellationToken).ConfigureAwait(false);
            if (body is null || Parse(body) is not { } keys)
            {
                LeakReportLog.KeyListUnavailable(_logger, url, "the key list is too large or not in the expected format", null);
                return null;
            }

            LeakReportLog.KeyListFetched(_logger, url, keys.Count);
            return keys;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LeakReportLog.KeyListUnavailable(_logger, url, "the request failed", exception);
            return null;
        }
    }

    /// <summary>Reads <c>{ "public_keys": [ { "key_identifier": "...", "key": "PEM" } ] }</c>; null when it is not that.</summary>
    internal static Dictionary<string, byte[]>? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("public_keys", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in list.EnumerateArray().Take(MaxKeys))
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("key_identifier", out var id) && id.ValueKind == JsonValueKind.String
                    && entry.TryGetProperty("key", out var pem) && pem.ValueKind == JsonValueKind.String
                    && id.GetString() is { Length: > 0 and <= LeakReportSignature.MaxHeaderLength } keyId
                    && LeakReportSignature.TryReadPublicKey(pem.GetString(), out var key))
                {
                    keys[keyId] = key;
                }
            }

            return keys;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record FetchedKeys(DateTimeOffset At, Dictionary<string, byte[]> Keys);
}
