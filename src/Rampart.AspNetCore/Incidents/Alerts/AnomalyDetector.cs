namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// Per-minute rates with exponentially weighted baselines, one per subject (every request, an organisation, a key) and
/// reason. An event is counted into its minute and compared at once with the multiples of the baseline, so an incident
/// is seen within the minute it starts. Each level alerts once per incident; the incident ends, and its levels re-arm,
/// after <see cref="AlertOptions.QuietMinutesToReArm"/> whole minutes below the baseline. The baseline holds still
/// during an incident. Memory is bounded: at most <see cref="AlertOptions.MaxTrackedRates"/> rates, the least recently
/// seen evicted first and counted. Not thread-safe on its own: <see cref="AlertMonitor"/> serialises calls.
/// </summary>
internal sealed class AnomalyDetector
{
    private readonly Dictionary<RateKey, LinkedListNode<TrackedRate>> _rates = [];
    private readonly LinkedList<TrackedRate> _recency = new();
    private readonly double[] _multiples;
    private readonly double _alpha;
    private readonly double _floor;
    private readonly int _warmUpMinutes;
    private readonly int _quietMinutes;
    private readonly int _maxRates;
    private readonly long _startMinute;

    public AnomalyDetector(AlertOptions options, DateTimeOffset start)
    {
        _multiples = [.. options.Multiples.Order()];
        _alpha = 2.0 / (Math.Max(1, options.BaselineWindow.TotalMinutes) + 1);
        _floor = Math.Max(options.MinimumBaselinePerMinute, double.Epsilon);
        _warmUpMinutes = options.WarmUpMinutes;
        _quietMinutes = Math.Max(1, options.QuietMinutesToReArm);
        _maxRates = Math.Max(1, options.MaxTrackedRates);
        _startMinute = MinuteOf(start);
    }

    /// <summary>Rates tracked now; never more than the cap.</summary>
    public int TrackedRates => _rates.Count;

    /// <summary>Rates evicted to keep within the cap, since start.</summary>
    public long Evictions { get; private set; }

    /// <summary>Counts one event of <paramref name="reason"/> at <paramref name="now"/> for every request, the organisation and the key; adds any alert raised to <paramref name="raised"/>.</summary>
    public void Observe(string reason, string? organization, string? keyId, DateTimeOffset now, ref List<RampartAlert>? raised)
    {
        var minute = MinuteOf(now);
        var signal = Classify(reason);
        Count(new RateKey(AlertScope.All, null, null, reason), signal, minute, now, ref raised);
        if (organization is not null)
        {
            Count(new RateKey(AlertScope.Organization, organization, null, reason), signal, minute, now, ref raised);
        }

        if (keyId is not null)
        {
            Count(new RateKey(AlertScope.Key, organization, keyId, reason), signal, minute, now, ref raised);
        }
    }

    /// <summary>The signal a reason code belongs to.</summary>
    public static AlertSignal Classify(string reason) => reason switch
    {
        AlertReasons.KeyStoreUnavailable or AlertReasons.RateLimitStoreUnavailable => AlertSignal.StoreFailures,
        "rate_limited" or "quota_exhausted" or "failed_keys" => AlertSignal.RateLimited,
        _ => AlertSignal.Rejections,
    };

    private void Count(RateKey key, AlertSignal signal, long minute, DateTimeOffset now, ref List<RampartAlert>? raised)
    {
        if (_rates.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
        else
        {
            if (_rates.Count >= _maxRates && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _rates.Remove(oldest.Value.Key);
                Evictions++;
            }

            // A rate not seen before had no events since start (or since it was evicted): its past minutes were zeros.
            node = _recency.AddFirst(new TrackedRate(key, minute, Math.Max(0, minute - _startMinute)));
            _rates[key] = node;
        }

        var rate = node.Value;
        Advance(rate, minute);
        rate.Count++;

        if (rate.LearnedMinutes < _warmUpMinutes)
        {
            return;
        }

        var baseline = Math.Max(rate.Baseline, _floor);
        var level = -1;
        for (var i = 0; i < _multiples.Length; i++)
        {
            if (rate.Count >= _multiples[i] * baseline)
            {
                level = i;
            }
        }

        if (level > rate.RaisedLevel)
        {
            rate.RaisedLevel = level;
            rate.QuietMinutes = 0;
            (raised ??= []).Add(new RampartAlert
            {
                Id = AlertMonitor.NewAlertId(),
                RaisedAt = now,
                Signal = signal,
                Reason = key.Reason,
                Scope = key.Scope,
                Organization = key.Organization,
                KeyId = key.KeyId,
                Multiple = _multiples[level],
                RatePerMinute = rate.Count,
                BaselinePerMinute = Math.Round(baseline, 3),
            });
        }
    }

    // Folds the finished minute and any empty minutes since into the baseline (or the incident's quiet count).
    private void Advance(TrackedRate rate, long minute)
    {
        if (minute <= rate.Minute)
        {
            return;
        }

        Fold(rate, rate.Count);
        rate.Count = 0;
        var empty = minute - rate.Minute - 1;
        while (empty > 0 && rate.RaisedLevel >= 0)
        {
            Fold(rate, 0);
            empty--;
        }

        if (empty > 0)
        {
            // Closed form for a run of empty minutes: bounded work however long the rate was idle.
            rate.Baseline *= Math.Pow(1 - _alpha, empty);
            rate.LearnedMinutes += empty;
        }

        rate.Minute = minute;
    }

    private void Fold(TrackedRate rate, long count)
    {
        if (rate.RaisedLevel >= 0)
        {
            if (count < Math.Max(rate.Baseline, _floor))
            {
                if (++rate.QuietMinutes >= _quietMinutes)
                {
                    rate.RaisedLevel = -1;
                    rate.QuietMinutes = 0;
                }
            }
            else
            {
                rate.QuietMinutes = 0;
            }

            return;
        }

        rate.Baseline = rate.LearnedMinutes == 0 && rate.Baseline == 0 ? count : rate.Baseline + (_alpha * (count - rate.Baseline));
        rate.LearnedMinutes++;
    }

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    private readonly record struct RateKey(AlertScope Scope, string? Organization, string? KeyId, string Reason);

    private sealed class TrackedRate(RateKey key, long minute, long learnedMinutes)
    {
        public RateKey Key { get; } = key;

        public long Minute { get; set; } = minute;

        public long Count { get; set; }

        public double Baseline { get; set; }

        public long LearnedMinutes { get; set; } = learnedMinutes;

        /// <summary>The index of the highest level alerted in the current incident; -1 when there is none.</summary>
        public int RaisedLevel { get; set; } = -1;

        public int QuietMinutes { get; set; }
    }
}

/// <summary>Reason codes the alerts use beyond the refusal codes of the problem bodies.</summary>
internal static class AlertReasons
{
    public const string KeyStoreUnavailable = "key_store_unavailable";
    public const string RateLimitStoreUnavailable = "rate_limit_store_unavailable";
}
