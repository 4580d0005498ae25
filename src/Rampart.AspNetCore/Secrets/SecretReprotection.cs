using System.Security.Cryptography;

namespace Rampart.AspNetCore.Secrets;

/// <summary>One stored envelope and the associated data it was made for.</summary>
/// <param name="Id">The record's id, used in progress reports and failures (never the secret).</param>
/// <param name="Envelope">The stored envelope.</param>
/// <param name="AssociatedData">The associated data it was protected with (e.g. <see cref="SecretContext.ToAssociatedData"/>).</param>
public sealed record ProtectedSecret(string Id, byte[] Envelope, byte[] AssociatedData);

/// <summary>Counts so far in a re-encryption run.</summary>
/// <param name="Processed">Envelopes looked at.</param>
/// <param name="Reprotected">Re-encrypted under the current key and saved.</param>
/// <param name="AlreadyCurrent">Already under the current key; left alone.</param>
/// <param name="Failed">Could not be opened; left alone and listed in the result.</param>
public readonly record struct SecretReprotectionProgress(int Processed, int Reprotected, int AlreadyCurrent, int Failed);

/// <summary>An envelope a re-encryption run could not open.</summary>
public sealed record SecretReprotectionFailure(string Id, SecretProtectionError Error);

/// <summary>The outcome of a re-encryption run.</summary>
public sealed record SecretReprotectionResult(SecretReprotectionProgress Totals, IReadOnlyList<SecretReprotectionFailure> Failures);

/// <summary>Re-encrypts stored envelopes under the current master key, so an old key version can be retired.</summary>
public static class SecretReprotection
{
    /// <summary>
    /// Reads <paramref name="secrets"/> (for example one page of rows at a time), re-encrypts every
    /// envelope not under <see cref="ISecretProtector.CurrentKeyVersion"/> and hands the new envelope
    /// to <paramref name="save"/>. Envelopes that cannot be opened are reported, not changed. A run
    /// can be stopped and started again: envelopes already under the current key are skipped.
    /// </summary>
    /// <remarks>An exception from <paramref name="save"/> stops the run; what was saved stays saved.</remarks>
    public static async Task<SecretReprotectionResult> ReprotectAsync(
        this ISecretProtector protector,
        IAsyncEnumerable<ProtectedSecret> secrets,
        Func<ProtectedSecret, byte[], CancellationToken, ValueTask> save,
        IProgress<SecretReprotectionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(save);

        var current = protector.CurrentKeyVersion;
        var failures = new List<SecretReprotectionFailure>();
        int processed = 0, reprotected = 0, alreadyCurrent = 0;
        await foreach (var secret in secrets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(secret);
            processed++;
            var replacement = TryReprotect(protector, secret, current, failures, out var isCurrent);
            if (isCurrent)
            {
                alreadyCurrent++;
            }
            else if (replacement is not null)
            {
                await save(secret, replacement, cancellationToken).ConfigureAwait(false);
                reprotected++;
            }

            progress?.Report(new(processed, reprotected, alreadyCurrent, failures.Count));
        }

        return new(new(processed, reprotected, alreadyCurrent, failures.Count), failures);
    }

    private static byte[]? TryReprotect(ISecretProtector protector, ProtectedSecret secret, int current, List<SecretReprotectionFailure> failures, out bool isCurrent)
    {
        isCurrent = false;
        byte[]? plaintext = null;
        try
        {
            if (protector.GetKeyVersion(secret.Envelope) == current)
            {
                isCurrent = true;
                return null;
            }

            plaintext = protector.Unprotect(secret.Envelope, secret.AssociatedData);
            return protector.Protect(plaintext, secret.AssociatedData);
        }
        catch (SecretProtectionException exception)
        {
            failures.Add(new(secret.Id, exception.Error));
            return null;
        }
        finally
        {
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }
}
