using System.Collections.Concurrent;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Collects "last used" times in memory; <see cref="LastUsedFlushService"/> writes them to the store
/// in one batch per interval, so a busy key costs no write per request.
/// </summary>
internal sealed class LastUsedRecorder
{
    // Ticks (a long) so that updating an existing entry is an in-place atomic write, not a new node.
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private static readonly long Resolution = TimeSpan.TicksPerSecond;

    public void Record(string keyId, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        if (_pending.TryGetValue(keyId, out var previous) && ticks - previous < Resolution)
        {
            return;
        }

        _pending[keyId] = ticks;
    }

    /// <summary>Takes what was collected since the last call.</summary>
    public List<KeyValuePair<string, DateTimeOffset>> Drain()
    {
        var batch = new List<KeyValuePair<string, DateTimeOffset>>(_pending.Count);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var ticks))
            {
                batch.Add(new(key, new DateTimeOffset(ticks, TimeSpan.Zero)));
            }
        }

        return batch;
    }

    /// <summary>Puts back a batch the store failed to take, keeping the newer of two times.</summary>
    public void Restore(IEnumerable<KeyValuePair<string, DateTimeOffset>> batch)
    {
        foreach (var (key, at) in batch)
        {
            _pending.AddOrUpdate(key, at.UtcTicks, (_, current) => Math.Max(current, at.UtcTicks));
        }
    }
}
