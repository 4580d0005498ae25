namespace Rampart.AspNetCore.Keys;

/// <summary>What checking a secret against a record's hash found.</summary>
internal enum ApiKeyHashVerdict
{
    /// <summary>The secret is the record's.</summary>
    Match,

    /// <summary>It is not (or the record's parts cannot be hashed).</summary>
    Mismatch,

    /// <summary>The record's pepper version is not configured, so it cannot verify at all.</summary>
    PepperMissing,
}
