namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// The fixed wording of each failure: what the caller can fix, nothing more. Unknown ids and wrong
/// secrets share one answer so ids cannot be probed; expired, revoked and rotated are told only to
/// a caller whose secret verified, that is, to the key's holder.
/// </summary>
internal sealed record ApiKeyFailureDescription(string Code, int Status, string? BearerError, string Title, string Detail)
{
    // A URN rather than a URL: the type is an identifier; docs/errors.md describes each one.
    public const string ProblemTypeBase = "urn:rampart:problem:";

    public string ProblemType { get; } = ProblemTypeBase + Code.Replace('_', '-');

    private static readonly ApiKeyFailureDescription[] All =
    [
        new("missing_credentials", 401, null, "API key required", "Send an API key in the Authorization header: 'Authorization: Bearer <key>'."),
        new("multiple_credentials", 400, "invalid_request", "More than one credential", "The request carried more than one credential. Send exactly one API key."),
        new("credentials_in_query", 400, "invalid_request", "API key in the query string", "This API does not accept keys in the URL, where they end up in logs. Send the key in a header and rotate the one you sent."),
        new("malformed_key", 401, "invalid_token", "Malformed API key", "The credential is not a well-formed API key. Check that it was copied whole."),
        new("wrong_prefix", 401, "invalid_token", "API key not issued by this API", "The key was issued for another API. Use a key issued by this one."),
        new("wrong_environment", 401, "invalid_token", "API key for another environment", "Test keys work only against the test environment and live keys only against live. Use a key of this environment."),
        new("unknown_key", 401, "invalid_token", "Invalid API key", "The API key is not valid. Check the key or create a new one."),
        new("expired_key", 401, "invalid_token", "Expired API key", "The API key has expired. Create a new key."),
        new("revoked_key", 401, "invalid_token", "Revoked API key", "The API key has been revoked. Create a new key."),
        new("rotated_key", 401, "invalid_token", "Rotated API key", "The API key was replaced by rotation and its grace period is over. Use the new key."),
        new("key_store_unavailable", 503, null, "Authentication unavailable", "Keys cannot be checked right now. Retry after the time given in Retry-After."),
    ];

    public static ApiKeyFailureDescription For(ApiKeyFailureReason reason) => All[(int)reason];
}
