namespace Rampart.AspNetCore.Authentication;

/// <summary>Why a presented credential was not accepted. Each has a stable code in the problem body.</summary>
public enum ApiKeyFailureReason
{
    /// <summary>No credential was presented (<c>missing_credentials</c>).</summary>
    Missing = 0,

    /// <summary>More than one credential (two headers, two values, or header plus query) (<c>multiple_credentials</c>).</summary>
    MultipleCredentials,

    /// <summary>A key was sent in the query string, which this API does not accept (<c>credentials_in_query</c>).</summary>
    QueryStringNotAllowed,

    /// <summary>Not a well-formed key, or its checksum fails (<c>malformed_key</c>).</summary>
    Malformed,

    /// <summary>A well-formed key with another prefix (<c>wrong_prefix</c>).</summary>
    WrongPrefix,

    /// <summary>A test key against live or a live key against test (<c>wrong_environment</c>).</summary>
    WrongEnvironment,

    /// <summary>No such key, or the secret does not match (<c>unknown_key</c>).</summary>
    Unknown,

    /// <summary>The key passed its expiry (<c>expired_key</c>).</summary>
    Expired,

    /// <summary>The key was revoked (<c>revoked_key</c>).</summary>
    Revoked,

    /// <summary>The key was rotated and its grace period is over (<c>rotated_key</c>).</summary>
    Rotated,

    /// <summary>The key store could not be reached; answered with 503 (<c>key_store_unavailable</c>).</summary>
    StoreUnavailable,
}
