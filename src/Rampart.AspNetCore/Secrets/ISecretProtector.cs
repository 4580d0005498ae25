namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// Encrypts third-party secrets an app must store (a customer's own provider key, a webhook
/// secret) with AES-256-GCM under a versioned master key held apart from the database.
/// </summary>
/// <remarks>
/// The associated data binds a ciphertext to where it belongs (for example tenant, purpose and
/// row id, see <see cref="SecretContext"/>): a ciphertext copied to another row or tenant fails
/// to open with <see cref="SecretProtectionError.WrongAssociatedData"/>. Every failure throws
/// <see cref="SecretProtectionException"/>; no partial plaintext is ever returned. The envelope is
/// described in <c>docs/secret-protection.md</c>. Thread-safe.
/// </remarks>
public interface ISecretProtector
{
    /// <summary>The master-key version new envelopes are made under.</summary>
    int CurrentKeyVersion { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> bound to <paramref name="associatedData"/>, under the current key and a fresh random nonce.</summary>
    byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>Opens an envelope made by <see cref="Protect"/> with the same associated data.</summary>
    /// <exception cref="SecretProtectionException">The envelope is truncated, of an unknown format or key version, bound to other associated data, or altered.</exception>
    byte[] Unprotect(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData);

    /// <summary>The master-key version an envelope was made under, read from its header without decrypting.</summary>
    /// <exception cref="SecretProtectionException">The envelope is truncated or of an unknown format.</exception>
    int GetKeyVersion(ReadOnlySpan<byte> envelope);
}
