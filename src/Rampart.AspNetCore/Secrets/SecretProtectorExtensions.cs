using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.AspNetCore.Secrets;

/// <summary>Text forms of <see cref="ISecretProtector"/> for secrets kept in text columns.</summary>
public static class SecretProtectorExtensions
{
    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="context"/>; returns the envelope as base64url.</summary>
    public static string Protect(this ISecretProtector protector, string plaintext, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(plaintext);
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Base64Url.EncodeToString(protector.Protect(bytes, context.ToAssociatedData()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Opens a base64url envelope made by <see cref="Protect(ISecretProtector, string, SecretContext)"/> for the same context.</summary>
    /// <exception cref="SecretProtectionException">See <see cref="SecretProtectionError"/>; text that is not base64url is <see cref="SecretProtectionError.Malformed"/>.</exception>
    public static string Unprotect(this ISecretProtector protector, string envelope, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(envelope);
        var bytes = DecodeEnvelope(envelope);
        var plaintext = protector.Unprotect(bytes, context.ToAssociatedData());
        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The master-key version a base64url envelope was made under.</summary>
    public static int GetKeyVersion(this ISecretProtector protector, string envelope)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(envelope);
        return protector.GetKeyVersion(DecodeEnvelope(envelope));
    }

    internal static byte[] DecodeEnvelope(string envelope)
    {
        if (!Base64Url.IsValid(envelope, out var length))
        {
            throw new SecretProtectionException(SecretProtectionError.Malformed);
        }

        var bytes = new byte[length];
        Base64Url.DecodeFromChars(envelope, bytes);
        return bytes;
    }
}
