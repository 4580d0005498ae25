using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Storage;

/// <summary>The retention service on the app's clock. The stores themselves have a contract suite in Rampart.Stores.Tests (SQLite and PostgreSQL).</summary>
public sealed class AuditRetentionTests
{
    [Fact]
    public async Task Retention_service_purges_after_90_days_on_the_app_clock()
    {
        await using var app = await LoggingTestApp.StartAsync(o => o.Logging.Store.PurgeInterval = TimeSpan.FromHours(1), withStore: true);
        await WaitForPurgeAsync(app, 0); // the run at start
        await app.GetAsync("/public?at=start", null);
        app.Time.Advance(TimeSpan.FromDays(30));
        await app.GetAsync("/public?at=day30", null);
        Assert.Equal(2, (await app.StoredAsync()).Count);

        // Day 89: nothing is old enough yet.
        var runs = PurgeRuns(app);
        app.Time.Advance(TimeSpan.FromDays(59));
        await WaitForPurgeAsync(app, runs);
        Assert.Equal(2, (await app.StoredAsync()).Count);

        // Day 91: the first record is past 90 days, the second is not.
        runs = PurgeRuns(app);
        app.Time.Advance(TimeSpan.FromDays(2));
        await WaitForPurgeAsync(app, runs);
        var left = Assert.Single(await app.StoredAsync());
        Assert.Equal("?at=day30", left.Query);
    }

    // The purge loop runs on the host: wait (bounded) for its next run to be logged, never for a fixed time.
    private static Task WaitForPurgeAsync(LoggingTestApp app, int runsBefore)
        => Eventually.UntilAsync(() => PurgeRuns(app) > runsBefore, "a run of the retention service after the clock passed its interval");

    private static int PurgeRuns(LoggingTestApp app) => app.Logs.GetSnapshot().Count(r => r.Id.Id == 1204);
}
