using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Authentication;
using Rampart.Stores.Tests.Contract;

namespace Rampart.Stores.Tests.Management;

/// <summary>A lookup in flight when a change is announced must not put the old record back into the cache.</summary>
public class CacheInvalidationRaceTests
{
    [Fact]
    public void A_record_read_before_an_invalidation_is_not_cached_after_it()
    {
        var cache = new ApiKeyRecordCache(Options.Create(new RampartOptions()), new FakeTimeProvider());
        var record = Records.New();

        var stamp = cache.InvalidationStamp;   // the lookup starts and reads the old record...
        cache.Invalidate(record.Id);           // ...another instance's change arrives...
        cache.Add(record, stamp);              // ...and the lookup finishes.

        Assert.False(cache.TryGet(record.Id, out _));

        cache.Add(record, cache.InvalidationStamp);
        Assert.True(cache.TryGet(record.Id, out var cached));
        Assert.Same(record, cached);
    }

    [Fact]
    public void An_unknown_id_read_before_a_clear_is_not_remembered_after_it()
    {
        var cache = new ApiKeyRecordCache(Options.Create(new RampartOptions()), new FakeTimeProvider());

        var stamp = cache.InvalidationStamp;
        cache.Clear();
        cache.AddUnknown("AAAAAAAAAAAA", stamp);

        Assert.False(cache.TryGet("AAAAAAAAAAAA", out _));
    }
}
