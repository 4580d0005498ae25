using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Rampart.AspNetCore.Diagnostics;

namespace Rampart.AspNetCore.Usage;

/// <summary>
/// Counts requests per key, hour and outcome in memory; the audit writer drains the counts into the
/// audit store's usage table as additions, so the request path never touches the database. Counting
/// an existing cell allocates nothing. Bounded: past <see cref="MaxCells"/> distinct cells, new ones
/// are refused and every request they would have counted is counted as dropped.
/// </summary>
internal sealed class UsageCounter
{
    public const string DroppedName = "rampart.usage.dropped";

    /// <summary>Distinct key × hour × outcome cells kept between two flushes.</summary>
    public const int MaxCells = 100_000;

    private const long HourMs = 3_600_000;

    // A drained cell of a past hour is retired with a large negative value, so a late increment
    // sees it was retired and starts a new cell instead of counting into one that is gone.
    private const long Retired = long.MinValue / 2;

    private readonly ConcurrentDictionary<Cell, Counter> _cells = new();
    private readonly int _maxCells;
    private List<UsageCount> _unwritten = [];
    private long _dropped;

    public UsageCounter(IMeterFactory? meterFactory = null)
        : this(MaxCells, meterFactory)
    {
    }

    internal UsageCounter(int maxCells, IMeterFactory? meterFactory = null)
    {
        _maxCells = maxCells;
        meterFactory?.Create(RampartMetrics.MeterName).CreateObservableCounter(
            DroppedName, () => Dropped, "{request}", "Requests not counted in usage because the counter's memory was full or the store kept failing.");
    }

    /// <summary>Requests never counted in the usage table since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Counts one request of <paramref name="keyId"/> that started at <paramref name="timestamp"/>.</summary>
    public void Count(string keyId, string organization, DateTimeOffset timestamp, string outcome)
    {
        var ms = timestamp.ToUnixTimeMilliseconds();
        var cell = new Cell(keyId, organization, ms / HourMs * HourMs, outcome);
        while (true)
        {
            if (!_cells.TryGetValue(cell, out var counter))
            {
                if (_cells.Count >= _maxCells)
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }

                counter = _cells.GetOrAdd(cell, static _ => new Counter());
            }

            if (Interlocked.Increment(ref counter.Value) > 0)
            {
                return;
            }

            // Retired between the lookup and the increment: the drain removes it at once, count again.
            Thread.Yield();
        }
    }

    /// <summary>
    /// Drains and <see cref="Unwritten"/> are called by one writer at a time (the audit queue's flush).
    /// Takes every count gathered so far, with those of a failed write before, for one write. Cells of
    /// the current hour stay (at zero); older ones are removed. Pass the result back to
    /// <see cref="Unwritten"/> when the write fails.
    /// </summary>
    public List<UsageCount> Drain(DateTimeOffset now)
    {
        var currentHour = now.ToUnixTimeMilliseconds() / HourMs * HourMs;
        var counts = _unwritten;
        _unwritten = [];
        var merged = new Dictionary<Cell, long>(counts.Count);
        foreach (var count in counts)
        {
            var cell = new Cell(count.KeyId, count.Organization, count.Hour.ToUnixTimeMilliseconds(), count.Outcome);
            merged[cell] = merged.GetValueOrDefault(cell) + count.Count;
        }

        foreach (var (cell, counter) in _cells)
        {
            long taken;
            if (cell.HourMs >= currentHour)
            {
                taken = Interlocked.Exchange(ref counter.Value, 0);
            }
            else
            {
                taken = Interlocked.Exchange(ref counter.Value, Retired);
                _cells.TryRemove(cell, out _);
            }

            if (taken > 0)
            {
                merged[cell] = merged.GetValueOrDefault(cell) + taken;
            }
        }

        return merged.Select(m => new UsageCount(m.Key.KeyId, m.Key.Organization, DateTimeOffset.FromUnixTimeMilliseconds(m.Key.HourMs), m.Key.Outcome, m.Value)).ToList();
    }

    /// <summary>Keeps counts whose write failed for the next drain, up to <see cref="MaxCells"/>; beyond it they are dropped and counted.</summary>
    public void Unwritten(List<UsageCount> counts)
    {
        var excess = Math.Max(0, counts.Count - _maxCells);
        foreach (var count in counts.Take(excess))
        {
            Interlocked.Add(ref _dropped, count.Count);
        }

        _unwritten = counts.GetRange(excess, counts.Count - excess);
    }

    private readonly record struct Cell(string KeyId, string Organization, long HourMs, string Outcome);

    private sealed class Counter
    {
        public long Value;
    }
}
