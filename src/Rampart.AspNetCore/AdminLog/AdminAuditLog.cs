using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// The hash chain over an <see cref="IAdminLogStore"/>. An entry's hash is SHA-256 of the previous
/// hash and the entry's timestamp, action, actor, key id and details, each length-prefixed so no
/// two different entries encode alike. The sequence number is not hashed: the chain carries order,
/// which is what lets verification tell a moved entry from an edited one.
/// </summary>
internal sealed class AdminAuditLog : IAdminAuditLog
{
    public static readonly string GenesisHash = new('0', 64);
    private const int PageSize = 1000;

    private readonly IAdminLogStore _store;
    private readonly TimeProvider _time;

    public AdminAuditLog(IAdminLogStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<AdminLogEntry> AppendAsync(string action, string? keyId, string? details = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return await _store.AppendAsync(last => Next(last, action, keyId, details, actor), unlessPresent: null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The admin log store skipped an unconditional append.");
    }

    public Task<AdminLogEntry?> AppendOnceAsync(string action, string details, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(details);
        return _store.AppendAsync(last => Next(last, action, keyId: null, details, actor: null), new AdminLogMatch(action, details), cancellationToken);
    }

    /// <summary>Appends an action about a key unless an entry with the same action and details exists, checked in the same step.</summary>
    internal Task<AdminLogEntry?> AppendOnceAsync(string action, string keyId, string details, CancellationToken cancellationToken)
        => _store.AppendAsync(last => Next(last, action, keyId, details, actor: null), new AdminLogMatch(action, details), cancellationToken);

    // Called under the store's append lock, so entries from all instances keep time order.
    private AdminLogEntry Next(AdminLogEntry? last, string action, string? keyId, string? details, string? actor)
    {
        var previous = last?.Hash ?? GenesisHash;
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        return new AdminLogEntry
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            Timestamp = timestamp,
            Action = action,
            Actor = actor,
            KeyId = keyId,
            Details = details,
            PreviousHash = previous,
            Hash = ComputeHash(previous, timestamp, action, actor, keyId, details),
        };
    }

    public Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence = 1, int limit = 1000, CancellationToken cancellationToken = default)
        => _store.ReadAsync(fromSequence, limit, cancellationToken);

    public async Task<AdminLogVerification> VerifyAsync(string? expectedHeadHash = null, CancellationToken cancellationToken = default)
    {
        // Every hash in the log, to tell "moved" (links to an entry that is elsewhere) from "removed".
        var all = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<AdminLogEntry>();
        for (long from = 1; ;)
        {
            var page = await _store.ReadAsync(from, PageSize, cancellationToken).ConfigureAwait(false);
            entries.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }

            from = page[^1].Sequence + 1;
        }

        foreach (var entry in entries)
        {
            all.Add(entry.Hash);
        }

        var previous = GenesisHash;
        long expected = 1;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expected)
            {
                return new(AdminLogTampering.Removed, expected, expected - 1, previous);
            }

            if (!CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(ComputeHash(entry.PreviousHash, entry.Timestamp, entry.Action, entry.Actor, entry.KeyId, entry.Details)),
                    Encoding.ASCII.GetBytes(entry.Hash)))
            {
                return new(AdminLogTampering.Edited, entry.Sequence, expected, previous);
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                // Intact, but after the wrong entry: moved if its true predecessor is elsewhere in the log.
                var moved = all.Contains(entry.PreviousHash);
                return new(moved ? AdminLogTampering.Reordered : AdminLogTampering.Removed, entry.Sequence, expected, previous);
            }

            previous = entry.Hash;
            expected++;
        }

        if (expectedHeadHash is not null && !string.Equals(expectedHeadHash, previous, StringComparison.OrdinalIgnoreCase))
        {
            // The chain holds but ends before the head kept elsewhere: its tail was cut.
            return new(AdminLogTampering.Removed, expected, expected - 1, previous);
        }

        return new(AdminLogTampering.None, null, expected - 1, previous);
    }

    internal static string ComputeHash(string previousHash, DateTimeOffset timestamp, string action, string? actor, string? keyId, string? details)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, previousHash);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, timestamp.ToUnixTimeMilliseconds());
        hash.AppendData(time);
        Append(hash, action);
        Append(hash, actor);
        Append(hash, keyId);
        Append(hash, details);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
