using Rampart.AspNetCore.Usage;

namespace Rampart.Stores.Tests.Usage;

/// <summary>The in-memory counter between two writes: exact under concurrency, bounded, and keeping what a failed write did not store.</summary>
public class UsageCounterTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_counts_across_a_drain_are_each_written_once()
    {
        var counter = new UsageCounter();
        var drained = new List<UsageCount>();
        var counting = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                // Requests of the past hour retire their cell on every drain; the current hour's stay.
                counter.Count("keyaaaaaaaa1", "org-a", i % 2 == 0 ? Nine : Nine.AddHours(1), UsageOutcomes.Allowed);
            }
        })));
        while (!counting.IsCompleted)
        {
            drained.AddRange(counter.Drain(Nine.AddHours(1)));
            await Task.Yield();
        }

        await counting;
        drained.AddRange(counter.Drain(Nine.AddHours(1)));
        Assert.Equal(50_000, drained.Where(c => c.Hour == Nine).Sum(c => c.Count));
        Assert.Equal(50_000, drained.Where(c => c.Hour == Nine.AddHours(1)).Sum(c => c.Count));
        Assert.Equal(0, counter.Dropped);
    }

    [Fact]
    public void Cells_are_bounded_and_a_failed_write_is_kept_for_the_next()
    {
        var counter = new UsageCounter(maxCells: 2);
        counter.Count("keyaaaaaaaa1", "org-a", Nine.AddMinutes(5), UsageOutcomes.Allowed);
        counter.Count("keyaaaaaaaa1", "org-a", Nine.AddMinutes(50), UsageOutcomes.Allowed);
        counter.Count("keyaaaaaaaa1", "org-a", Nine, UsageOutcomes.RateLimited);
        counter.Count("keyaaaaaaaa2", "org-a", Nine, UsageOutcomes.Allowed);
        Assert.Equal(1, counter.Dropped);

        var first = counter.Drain(Nine.AddMinutes(59));
        Assert.Equal([("keyaaaaaaaa1", UsageOutcomes.Allowed, 2L), ("keyaaaaaaaa1", UsageOutcomes.RateLimited, 1L)], first.Select(c => (c.KeyId, c.Outcome, c.Count)).Order());
        counter.Unwritten(first);
        counter.Count("keyaaaaaaaa1", "org-a", Nine, UsageOutcomes.Allowed);

        var second = counter.Drain(Nine.AddHours(2));
        Assert.Equal([("keyaaaaaaaa1", UsageOutcomes.Allowed, 3L), ("keyaaaaaaaa1", UsageOutcomes.RateLimited, 1L)], second.Select(c => (c.KeyId, c.Outcome, c.Count)).Order());
        Assert.Empty(counter.Drain(Nine.AddHours(2)));
    }
}
