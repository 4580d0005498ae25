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
/// <param name="Id">The record's id.</param>
/// <param name="Error">Why it could not be opened.</param>
/// <param name="KeyVersion">
/// The master-key version its header names, or <see langword="null"/> when the header cannot be read. An
/// envelope that fails under a version is still under it: that version must not be retired.
/// </param>
public sealed record SecretReprotectionFailure(string Id, SecretProtectionError Error, int? KeyVersion = null);

/// <summary>The outcome of a re-encryption run.</summary>
/// <param name="Totals">The counts.</param>
/// <param name="Failures">Every envelope that could not be opened, with the key version it names.</param>
/// <param name="CurrentKeyVersion">The key version the run re-encrypted to.</param>
public sealed record SecretReprotectionResult(SecretReprotectionProgress Totals, IReadOnlyList<SecretReprotectionFailure> Failures, int CurrentKeyVersion = 0)
{
    /// <summary>
    /// True only when this run proves no envelope needs <paramref name="version"/>: it is not the current
    /// version, nothing failed, and every envelope looked at was already under the current key (so this is
    /// the confirming pass after the one that re-encrypted). "0 re-encrypted" alone is not enough: when the
    /// associated data is built wrongly every envelope fails and none is re-encrypted, and retiring the old
    /// key would then destroy them all. The run must have read every stored envelope.
    /// </summary>
    public bool CanRetire(int version)
        => version != CurrentKeyVersion
           && Failures.Count == 0
           && Totals.Failed == 0
           && Totals.Reprotected == 0
           && Totals.AlreadyCurrent == Totals.Processed;
}

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

        return new(new(processed, reprotected, alreadyCurrent, failures.Count), failures, current);
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
            failures.Add(new(secret.Id, exception.Error, KeyVersionOf(protector, secret.Envelope)));
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

    private static int? KeyVersionOf(ISecretProtector protector, byte[] envelope)
    {
        try
        {
            return protector.GetKeyVersion(envelope);
        }
        catch (SecretProtectionException)
        {
            return null;
        }
    }
}
