using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Usage;

namespace Rampart.Stores.Tests.Audit;

/// <summary>Usage counts: summed in place per key, hour and outcome; read per hour or day, per key or organisation; purged with the records.</summary>
public abstract partial class AuditStoreContractTests
{
    private static DateTimeOffset Hour(int hours) => new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).AddHours(hours);

    private async Task AddTwoOrganisationsUsageAsync()
    {
        await Store.AddUsageAsync(
        [
            new("keyaaaaaaaa1", "org-a", Hour(9), UsageOutcomes.Allowed, 5),
            new("keyaaaaaaaa1", "org-a", Hour(9), UsageOutcomes.RateLimited, 2),
            new("keyaaaaaaaa1", "org-a", Hour(10), UsageOutcomes.Allowed, 1),
            new("keyaaaaaaaa2", "org-a", Hour(10), UsageOutcomes.Allowed, 4),
            new("keybbbbbbbb1", "org-b", Hour(9), UsageOutcomes.Allowed, 100),
        ]);

        // A second batch adds to the rows already there.
        await Store.AddUsageAsync(
        [
            new("keyaaaaaaaa1", "org-a", Hour(9), UsageOutcomes.Allowed, 3),
            new("keyaaaaaaaa1", "org-a", Hour(26), "rejected.revoked_key", 7),
        ]);
    }

    [Fact]
    public async Task Usage_adds_up_per_key_hour_and_outcome_and_reads_per_hour_or_day()
    {
        await AddTwoOrganisationsUsageAsync();

        var hourly = await Store.QueryUsageAsync(new UsageQuery { Organization = "org-a", Period = UsagePeriod.Hour });
        Assert.False(hourly.Truncated);
        Assert.Equal(
            [
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(9), UsageOutcomes.Allowed, 8),
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(9), UsageOutcomes.RateLimited, 2),
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(10), UsageOutcomes.Allowed, 1),
                new UsageRow("org-a", "keyaaaaaaaa2", Hour(10), UsageOutcomes.Allowed, 4),
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(26), "rejected.revoked_key", 7),
            ],
            hourly.Items);

        var daily = await Store.QueryUsageAsync(new UsageQuery { KeyId = "keyaaaaaaaa1", Period = UsagePeriod.Day });
        Assert.Equal(
            [
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(0), UsageOutcomes.Allowed, 9),
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(0), UsageOutcomes.RateLimited, 2),
                new UsageRow("org-a", "keyaaaaaaaa1", Hour(24), "rejected.revoked_key", 7),
            ],
            daily.Items);
    }

    [Fact]
    public async Task Usage_groups_by_organisation_and_keeps_each_organisation_to_its_own_rows()
    {
        await AddTwoOrganisationsUsageAsync();

        var perOrganization = await Store.QueryUsageAsync(new UsageQuery { GroupBy = UsageGrouping.Organization, Period = UsagePeriod.Day, To = Hour(24) });
        Assert.Equal(
            [
                new UsageRow("org-a", null, Hour(0), UsageOutcomes.Allowed, 13),
                new UsageRow("org-a", null, Hour(0), UsageOutcomes.RateLimited, 2),
                new UsageRow("org-b", null, Hour(0), UsageOutcomes.Allowed, 100),
            ],
            perOrganization.Items);

        // Organisation and key filters combine: another organisation's key has no rows here.
        Assert.Empty((await Store.QueryUsageAsync(new UsageQuery { Organization = "org-a", KeyId = "keybbbbbbbb1" })).Items);
        Assert.All((await Store.QueryUsageAsync(new UsageQuery { Organization = "org-b", Period = UsagePeriod.Hour })).Items, r => Assert.Equal("keybbbbbbbb1", r.KeyId));

        // A range keeps the periods that start in it.
        var tenOClock = await Store.QueryUsageAsync(new UsageQuery { From = Hour(10), To = Hour(11), Period = UsagePeriod.Hour });
        Assert.Equal([("keyaaaaaaaa1", 1L), ("keyaaaaaaaa2", 4L)], tenOClock.Items.Select(r => (r.KeyId!, r.Count)));
    }

    [Fact]
    public async Task The_retention_job_purges_usage_with_the_records_on_the_apps_clock()
    {
        await AddTwoOrganisationsUsageAsync();
        await Store.AppendAsync([Record(Hour(9)), Record(Hour(26))]);
        var options = Options.Create(new RampartOptions());
        options.Value.Logging.Store.Retention = TimeSpan.FromDays(90);
        _time.SetUtcNow(Hour(26) + TimeSpan.FromDays(90) - TimeSpan.FromHours(1));
        var retention = new AuditRetentionService(Store, _time, options, NullLoggerFactory.Instance);

        // Day one is past the window: its records and its hours go; day two stays, records and usage alike.
        Assert.Equal(1, await retention.PurgeAsync(CancellationToken.None));
        var left = await Store.QueryUsageAsync(new UsageQuery { Period = UsagePeriod.Hour });
        Assert.Equal([(Hour(26), 7L)], left.Items.Select(r => (r.PeriodStart, r.Count)));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await retention.PurgeAsync(CancellationToken.None));
        Assert.Empty((await Store.QueryUsageAsync(new UsageQuery())).Items);
    }
}
