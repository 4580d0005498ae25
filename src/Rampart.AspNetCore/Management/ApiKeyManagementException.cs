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

    /// <summary>Another writer changed the key at the same time, repeatedly, or since the version the request named.</summary>
    Conflict,

    /// <summary>The action crosses organisations or changes a tier, which only an operator may do.</summary>
    OperatorRequired,

    /// <summary>The resulting key would hold a scope (its roles' included) that the acting key does not hold.</summary>
    ScopeNotHeld,

    /// <summary>The resulting key would work longer than the acting key does.</summary>
    LifetimeExceedsOwn,

    /// <summary>The request was not authenticated by a Rampart key, so there is no key to act with.</summary>
    KeyRequired,
}
