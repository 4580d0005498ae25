using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>A management request that was refused; nothing was changed.</summary>
public sealed class ApiKeyManagementException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApiKeyManagementException(ApiKeyManagementError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>What was wrong.</summary>
    public ApiKeyManagementError Error { get; }
}

/// <summary>Why a management request was refused.</summary>
public enum ApiKeyManagementError
{
    /// <summary>No key has that id.</summary>
    NotFound,

    /// <summary>A field is missing, too long or malformed (name, owner, organisation, scope, tier).</summary>
    InvalidArgument,

    /// <summary>The expiry is in the past.</summary>
    ExpiryInPast,

    /// <summary>The grace period is negative or longer than <see cref="ApiKeyOptions.MaxRotationGracePeriod"/>.</summary>
    GracePeriodOutOfRange,

    /// <summary>The key is revoked, or already replaced, so it cannot be rotated or changed.</summary>
    InvalidState,

    /// <summary>Another writer changed the key at the same time, repeatedly.</summary>
    Conflict,
}
