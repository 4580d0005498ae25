namespace Rampart.AspNetCore.Authentication;

/// <summary>How callers present keys, and how failures are answered.</summary>
/// <remarks>
/// Failures follow RFC 6750 §3 (<c>WWW-Authenticate: Bearer</c> with <c>error</c>) and carry an
/// RFC 9457 problem body; see <c>docs/errors.md</c>.
/// </remarks>
public sealed class ApiKeyAuthenticationOptions
{
    /// <summary>
    /// A header that carries the bare key, such as <c>X-Api-Key</c>. When <see langword="null"/> (the
    /// default) the key is read from <c>Authorization: Bearer &lt;key&gt;</c>.
    /// </summary>
    public string? HeaderName { get; set; }

    /// <summary>
    /// Whether a key may come in the query string. Off by default: URLs end up in logs, proxies and
    /// browser history. When off, a request that carries one is refused rather than ignored.
    /// </summary>
    public bool AllowQueryString { get; set; }

    /// <summary>The query parameter checked for keys. Default: <c>api_key</c>.</summary>
    public string QueryParameterName { get; set; } = "api_key";

    /// <summary>The <c>realm</c> of the <c>WWW-Authenticate</c> challenge. Default: <c>api</c>.</summary>
    public string Realm { get; set; } = "api";

    /// <summary>
    /// Whether endpoints without authorization metadata require a valid key (the authorization
    /// fallback policy). On by default; mark public endpoints with <c>AllowAnonymous</c>. Applied
    /// only when Rampart is the app's only authentication scheme: beside JWT bearer, cookies or
    /// Identity the app's own fallback policy is left alone, and the start-up posture says so.
    /// </summary>
    public bool RequireKeyByDefault { get; set; } = true;

    /// <summary>
    /// Whether a bearer token outside Rampart's key grammar (a JWT, an Identity bearer token) is left
    /// to another scheme (no result) rather than refused as <c>malformed_key</c>. When
    /// <see langword="null"/> (the default) this is so exactly when another registered scheme's
    /// handler reads bearer tokens (JWT bearer, Identity's bearer tokens). A token in the key grammar
    /// is always Rampart's.
    /// </summary>
    public bool? LeaveOtherBearerTokens { get; set; }

    /// <summary>
    /// Whether a request whose endpoint asks only what Rampart checks (a key, scopes, the
    /// organisation binding) is authenticated, authorized and limited in one step, without the
    /// framework's per-request authentication and authorization services. On by default; it applies
    /// only when Rampart is the app's only scheme and the framework's services are its own, and gives
    /// every request the status, headers, body and user the framework's middleware would
    /// (see <c>docs/one-step.md</c>). Off: every request goes through the framework's middleware.
    /// </summary>
    public bool OneStep { get; set; } = true;

    /// <summary>The <c>Retry-After</c> seconds sent with 503 when the key store is unavailable. Default: 5.</summary>
    public int StoreUnavailableRetryAfterSeconds { get; set; } = 5;
}
