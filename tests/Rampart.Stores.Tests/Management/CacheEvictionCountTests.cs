using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Authentication;
using Rampart.Stores.Tests.Contract;

namespace Rampart.Stores.Tests.Management;

/// <summary>The key cache is bounded, and every entry the bound pushes out is counted.</summary>
public sealed class CacheEvictionCountTests
{
    [Fact]
    public void Every_entry_pushed_out_by_the_bound_is_counted()
    {
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = metrics.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(meterFactory, "Rampart", ApiKeyRecordCache.EvictionsName);
        var options = new RampartOptions();
        options.Keys.CacheSize = 50;
        options.Keys.NegativeCacheSize = 20;
        var cache = new ApiKeyRecordCache(Options.Create(options), new FakeTimeProvider(), meterFactory);

        var records = Enumerable.Range(0, 500).Select(_ => Records.New()).ToList();
        foreach (var record in records)
        {
            cache.Add(record);
        }

        var unknown = Enumerable.Range(0, 200).Select(i => $"unknown{i:D5}").ToList();
        foreach (var id in unknown)
        {
            cache.AddUnknown(id);
        }

        // Nothing expired (the clock stood still): whatever is not cached any more was evicted, and counted.
        var stillKnown = records.Count(r => cache.TryGet(r.Id, out var hit) && hit is not null);
        var stillUnknown = unknown.Count(id => cache.TryGet(id, out var hit) && hit is null);
        Assert.InRange(stillKnown, 1, 50);
        Assert.Equal(500 - stillKnown, cache.KnownEvicted);
        Assert.Equal(200 - stillUnknown, cache.UnknownEvicted);

        collector.RecordObservableInstruments();
        var measured = collector.GetMeasurementSnapshot();
        Assert.Equal(500 - stillKnown, measured.Single(m => (string?)m.Tags["rampart.cache.partition"] == "known").Value);
        Assert.Equal(200 - stillUnknown, measured.Single(m => (string?)m.Tags["rampart.cache.partition"] == "unknown").Value);
    }
}
