namespace Rampart.AspNetCore.Keys;

/// <summary>What <see cref="ApiKeyParser"/> concluded about a presented credential.</summary>
public enum ApiKeyParseStatus
{
    /// <summary>The key is well formed, its checksum holds, and its prefix and environment are the ones expected.</summary>
    Valid = 0,

    /// <summary>Nothing was presented.</summary>
    Empty,

    /// <summary>Longer than any key can be; rejected before any other work.</summary>
    TooLong,

    /// <summary>Does not follow the key grammar.</summary>
    Malformed,

    /// <summary>Follows the grammar but the checksum does not match: mistyped, truncated or forged.</summary>
    ChecksumMismatch,

    /// <summary>A well-formed key issued under another prefix.</summary>
    WrongPrefix,

    /// <summary>A well-formed key for the other environment (test against live or live against test).</summary>
    WrongEnvironment,
}
