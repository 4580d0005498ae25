using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// This instance's cache of key records, bounded in entries and time, with a separate bounded
/// negative cache so a flood of well-formed unknown keys cannot hammer the store. Lookups by a
/// span of the presented key allocate nothing. Entries pushed out by the bound (not those that
/// expired) are counted in <c>rampart.key_cache.evictions</c>: a steady count means the cache is too small.
/// </summary>
internal sealed class ApiKeyRecordCache
{
    public const string EvictionsName = "rampart.key_cache.evictions";

    private readonly Partition _positive;
    private readonly Partition _negative;
    private long _invalidations;

    public ApiKeyRecordCache(IOptions<RampartOptions> options, TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        var keys = options.Value.Keys;
        _positive = new Partition(keys.CacheSize, keys.CacheTimeToLive, timeProvider);
        _negative = new Partition(keys.NegativeCacheSize, keys.NegativeCacheTimeToLive, timeProvider);
        meterFactory?.Create(RampartMetrics.MeterName).CreateObservableCounter(
            EvictionsName,
            () => new[]
            {
                new Measurement<long>(_positive.Evicted, new KeyValuePair<string, object?>("rampart.cache.partition", "known")),
                new Measurement<long>(_negative.Evicted, new KeyValuePair<string, object?>("rampart.cache.partition", "unknown")),
            },
            "{entry}",
            "Key cache entries pushed out before they expired because the cache was full.");
    }

    /// <summary>Known-key entries pushed out by the bound since start.</summary>
    public long KnownEvicted => _positive.Evicted;

    /// <summary>Unknown-key entries pushed out by the bound since start.</summary>
    public long UnknownEvicted => _negative.Evicted;

    /// <summary>
    /// True on a hit. <paramref name="record"/> is <see langword="null"/> when the id is cached as unknown.
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> keyId, out ApiKeyRecord? record)
    {
        // Both partitions are always probed, so a cached unknown id costs the lookups a cached known one does.
        var known = _positive.TryGet(keyId, out record);
        var unknown = _negative.TryGet(keyId, out _);
        if (known)
        {
            return true;
        }

        record = null;
        return unknown;
    }

    /// <summary>
    /// Read it before reading the store and pass it to <see cref="Add(ApiKeyRecord, long)"/>: a record
    /// read before an invalidation that arrived meanwhile is then not cached, so a change announced
    /// while a lookup was in flight cannot be undone by that lookup.
    /// </summary>
    public long InvalidationStamp => Volatile.Read(ref _invalidations);

    public void Add(ApiKeyRecord record) => Add(record, InvalidationStamp);

    public void Add(ApiKeyRecord record, long stamp)
    {
        _negative.Remove(record.Id);
        _positive.Set(record.Id, record);

        // Invalidate bumps the stamp before removing, so either its removal follows this Set or this check sees the bump.
        if (InvalidationStamp != stamp)
        {
            _positive.Remove(record.Id);
        }
    }

    public void AddUnknown(string keyId) => AddUnknown(keyId, InvalidationStamp);

    public void AddUnknown(string keyId, long stamp)
    {
        _negative.Set(keyId, null);
        if (InvalidationStamp != stamp)
        {
            _negative.Remove(keyId);
        }
    }

    /// <summary>Drops <paramref name="keyId"/> so the next request reads the store.</summary>
    public void Invalidate(string keyId)
    {
        Interlocked.Increment(ref _invalidations);
        _positive.Remove(keyId);
        _negative.Remove(keyId);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _invalidations);
        _positive.Clear();
        _negative.Clear();
    }

    private sealed class Partition
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
        private readonly int _capacity;
        private readonly long _timeToLive;
        private readonly TimeProvider _time;
        private int _trimming;
        private long _evicted;

        public Partition(int capacity, TimeSpan timeToLive, TimeProvider time)
        {
            _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
            _capacity = capacity;
            _time = time;
            _timeToLive = (long)(timeToLive.TotalSeconds * time.TimestampFrequency);
        }

        public bool TryGet(ReadOnlySpan<char> key, out ApiKeyRecord? record)
        {
            if (_bySpan.TryGetValue(key, out var entry) && _time.GetTimestamp() < entry.ExpiresAt)
            {
                record = entry.Record;
                return true;
            }

            record = null;
            return false;
        }

        public void Set(string key, ApiKeyRecord? record)
        {
            if (_capacity == 0 || _timeToLive <= 0)
            {
                return;
            }

            if (_entries.Count >= _capacity)
            {
                Trim();
            }

            _entries[key] = new Entry(record, _time.GetTimestamp() + _timeToLive);
        }

        public long Evicted => Interlocked.Read(ref _evicted);

        public void Remove(string key) => _entries.TryRemove(key, out _);

        public void Clear() => _entries.Clear();

        // Drops expired entries, then enough others to get back under 90% of capacity.
        // One thread trims at a time; the others go on serving.
        private void Trim()
        {
            if (Interlocked.Exchange(ref _trimming, 1) == 1)
            {
                return;
            }

            try
            {
                var now = _time.GetTimestamp();
                var target = _capacity - Math.Max(1, _capacity / 10);
                foreach (var (key, entry) in _entries)
                {
                    if (entry.ExpiresAt <= now)
                    {
                        _entries.TryRemove(key, out _);
                    }
                }

                foreach (var key in _entries.Keys)
                {
                    if (_entries.Count <= target)
                    {
                        break;
                    }

                    if (_entries.TryRemove(key, out _))
                    {
                        Interlocked.Increment(ref _evicted);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _trimming, 0);
            }
        }

        private sealed record Entry(ApiKeyRecord? Record, long ExpiresAt);
    }
}
