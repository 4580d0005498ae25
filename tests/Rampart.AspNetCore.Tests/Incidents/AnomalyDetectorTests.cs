using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>Synthetic event streams on a fake clock: baselines, the three levels, hysteresis, scopes and the memory bound.</summary>
public sealed class AnomalyDetectorTests
{
    private readonly FakeTimeProvider _time = new(RampartTestHost.Start);
    private readonly List<RampartAlert> _alerts = [];

    [Fact]
    public void The_baseline_is_learned_and_each_level_alerts_once_when_the_rate_crosses_it()
    {
        var detector = Detector();
        Steady(detector, minutes: 20, perMinute: 4);
        Assert.Empty(_alerts);

        // Within one minute, event by event: 3x at 12, 5x at 20, 10x at 40 of a baseline of 4.
        var crossedAt = new List<int>();
        for (var count = 1; count <= 60; count++)
        {
            var before = _alerts.Count;
            Observe(detector);
            if (_alerts.Count > before)
            {
                crossedAt.Add(count);
            }
        }

        Assert.Equal([12, 20, 40], crossedAt);
        Assert.Equal([3.0, 5.0, 10.0], _alerts.Select(a => a.Multiple));
        Assert.All(_alerts, a =>
        {
            Assert.Equal(4, a.BaselinePerMinute, 3);
            Assert.Equal(AlertSignal.Rejections, a.Signal);
            Assert.Equal("unknown_key", a.Reason);
            Assert.Equal(AlertScope.All, a.Scope);
        });
        Assert.Equal(_alerts.Count, _alerts.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void A_sustained_incident_is_one_alert_per_level_and_the_levels_re_arm_only_after_quiet_minutes()
    {
        var detector = Detector();
        Steady(detector, minutes: 20, perMinute: 4);

        // Thirty minutes at ten times the baseline: three alerts, not thirty or thousands.
        Steady(detector, minutes: 30, perMinute: 40);
        Assert.Equal([3.0, 5.0, 10.0], _alerts.Select(a => a.Multiple));

        // Four quiet minutes are not enough: a new burst is the same incident.
        Steady(detector, minutes: 4, perMinute: 1);
        Steady(detector, minutes: 1, perMinute: 40);
        Assert.Equal(3, _alerts.Count);

        // Five whole minutes below the baseline (which held still at 4 through the incident) end it.
        Steady(detector, minutes: 5, perMinute: 1);
        Steady(detector, minutes: 1, perMinute: 12);
        Assert.Equal(4, _alerts.Count);
        Assert.Equal(3, _alerts[^1].Multiple);
        Assert.Equal(4, _alerts[^1].BaselinePerMinute, 3);
    }

    [Fact]
    public void Nothing_alerts_during_the_warm_up()
    {
        var detector = Detector();
        Steady(detector, minutes: 3, perMinute: 1);
        Steady(detector, minutes: 1, perMinute: 500);
        Assert.Empty(_alerts);
    }

    [Fact]
    public void Organisations_and_keys_have_their_own_baselines()
    {
        var detector = Detector();
        for (var minute = 0; minute < 20; minute++)
        {
            for (var i = 0; i < 4; i++)
            {
                detector.Observe("revoked_key", "org-a", "key-a", _time.GetUtcNow(), ref Raised);
                detector.Observe("revoked_key", "org-b", "key-b", _time.GetUtcNow(), ref Raised);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // Org B's key triples its rate; org A does not change. The rate of every request rises by half only.
        for (var i = 0; i < 12; i++)
        {
            detector.Observe("revoked_key", "org-b", "key-b", _time.GetUtcNow(), ref Raised);
        }

        for (var i = 0; i < 4; i++)
        {
            detector.Observe("revoked_key", "org-a", "key-a", _time.GetUtcNow(), ref Raised);
        }

        Assert.Equal(2, _alerts.Count);
        Assert.Single(_alerts, a => a.Scope == AlertScope.Organization && a.Organization == "org-b" && a.KeyId is null);
        Assert.Single(_alerts, a => a.Scope == AlertScope.Key && a.Organization == "org-b" && a.KeyId == "key-b");
        Assert.DoesNotContain(_alerts, a => a.Organization == "org-a" || a.Scope == AlertScope.All);
    }

    [Fact]
    public void Signals_are_told_apart_by_reason()
    {
        Assert.Equal(AlertSignal.RateLimited, AnomalyDetector.Classify("rate_limited"));
        Assert.Equal(AlertSignal.RateLimited, AnomalyDetector.Classify("quota_exhausted"));
        Assert.Equal(AlertSignal.RateLimited, AnomalyDetector.Classify("failed_keys"));
        Assert.Equal(AlertSignal.StoreFailures, AnomalyDetector.Classify("key_store_unavailable"));
        Assert.Equal(AlertSignal.StoreFailures, AnomalyDetector.Classify("rate_limit_store_unavailable"));
        Assert.Equal(AlertSignal.Rejections, AnomalyDetector.Classify("expired_key"));
    }

    [Fact]
    public void Memory_is_bounded_by_the_cap_and_every_eviction_is_counted()
    {
        var detector = Detector(o => o.MaxTrackedRates = 50);
        for (var i = 0; i < 1000; i++)
        {
            detector.Observe("expired_key", "org-a", $"key-{i}", _time.GetUtcNow(), ref Raised);
        }

        // 1002 rates were seen (every request, the organisation, 1000 keys); the busiest stayed.
        Assert.Equal(50, detector.TrackedRates);
        Assert.Equal(1002 - 50, detector.Evictions);
    }

    [Fact]
    public void A_long_idle_gap_costs_bounded_work_and_lets_the_baseline_decay()
    {
        var detector = Detector();
        Steady(detector, minutes: 20, perMinute: 4);
        _time.Advance(TimeSpan.FromDays(365));

        // After a year without events the baseline is back at the floor: 3 events are 3x.
        Steady(detector, minutes: 1, perMinute: 3);
        var alert = Assert.Single(_alerts);
        Assert.Equal(1, alert.BaselinePerMinute, 3);
    }

    private List<RampartAlert>? _raised;

    private ref List<RampartAlert>? Raised
    {
        get
        {
            _raised = _alerts;
            return ref _raised;
        }
    }

    private AnomalyDetector Detector(Action<AlertOptions>? configure = null)
    {
        var options = new AlertOptions { MinimumBaselinePerMinute = 1 };
        configure?.Invoke(options);
        return new AnomalyDetector(options, _time.GetUtcNow());
    }

    private void Observe(AnomalyDetector detector) => detector.Observe("unknown_key", null, null, _time.GetUtcNow(), ref Raised);

    // Events spread through each minute, then the clock moves to the next minute.
    private void Steady(AnomalyDetector detector, int minutes, int perMinute)
    {
        for (var minute = 0; minute < minutes; minute++)
        {
            var start = _time.GetUtcNow();
            for (var i = 0; i < perMinute; i++)
            {
                Observe(detector);
                _time.Advance(TimeSpan.FromSeconds(50.0 / perMinute));
            }

            _time.SetUtcNow(start + TimeSpan.FromMinutes(1));
        }
    }
}
