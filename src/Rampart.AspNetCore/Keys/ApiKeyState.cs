namespace Rampart.AspNetCore.Keys;

/// <summary>The life-cycle state of a key at a given time.</summary>
public enum ApiKeyState
{
    /// <summary>The key works.</summary>
    Active = 0,

    /// <summary>The key was rotated and still works until its grace period ends.</summary>
    InGracePeriod,

    /// <summary>The key passed its expiry.</summary>
    Expired,

    /// <summary>The key was rotated and its grace period is over.</summary>
    Rotated,

    /// <summary>The key was revoked.</summary>
    Revoked,
}
