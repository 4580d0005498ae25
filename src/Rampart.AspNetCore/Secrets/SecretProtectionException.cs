namespace Rampart.AspNetCore.Secrets;

/// <summary>Why an envelope could not be opened. Each cause has its own value so callers can act on it.</summary>
public enum SecretProtectionError
{
    /// <summary>Shorter than the smallest envelope (header, nonce and tag), or cut short.</summary>
    Truncated = 1,

    /// <summary>Not an envelope: text that is not base64url, for the string forms.</summary>
    Malformed,

    /// <summary>The envelope's format version is not one this library knows.</summary>
    UnknownFormatVersion,

    /// <summary>The envelope names a master-key version that is not in the key ring.</summary>
    UnknownKeyVersion,

    /// <summary>
    /// The envelope was made for other associated data (another row, tenant or purpose). Reported
    /// from the envelope's keyed fingerprint of the associated data, before decryption.
    /// </summary>
    WrongAssociatedData,

    /// <summary>The authentication tag does not verify: the nonce, tag or ciphertext was altered.</summary>
    Tampered,
}

/// <summary>An envelope could not be opened. Its message never holds key material or plaintext.</summary>
public sealed class SecretProtectionException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public SecretProtectionException(SecretProtectionError error)
        : base(MessageFor(error))
    {
        Error = error;
    }

    /// <summary>Creates the exception for <paramref name="error"/> with the underlying cause.</summary>
    public SecretProtectionException(SecretProtectionError error, Exception innerException)
        : base(MessageFor(error), innerException)
    {
        Error = error;
    }

    /// <summary>Why the envelope could not be opened.</summary>
    public SecretProtectionError Error { get; }

    private static string MessageFor(SecretProtectionError error) => error switch
    {
        SecretProtectionError.Truncated => "The protected secret is truncated.",
        SecretProtectionError.Malformed => "The protected secret is not a valid envelope.",
        SecretProtectionError.UnknownFormatVersion => "The protected secret has an unknown envelope format version.",
        SecretProtectionError.UnknownKeyVersion => "The protected secret was made under a master-key version that is not configured (Rampart:Secrets:MasterKeys).",
        SecretProtectionError.WrongAssociatedData => "The protected secret belongs to other associated data (another record, tenant or purpose).",
        SecretProtectionError.Tampered => "The protected secret failed authentication: it was altered.",
        _ => "The protected secret could not be opened.",
    };
}
