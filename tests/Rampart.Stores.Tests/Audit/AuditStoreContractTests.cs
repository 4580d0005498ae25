using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Rampart.Stores.Tests.Audit;

/// <summary>
/// What every audit database guarantees, for audit records and for the admin log. Each store's
/// class only says how to open its database; the tests run unchanged against all of them.
/// </summary>
public abstract partial class AuditStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private IAuditHarness _harness = null!;

    protected abstract Task<IAuditHarness> OpenAsync();

    public async Task InitializeAsync() => _harness = await OpenAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private IAuditStore Store => _harness.AuditStore;

    private static AuditRecord Record(DateTimeOffset at, string path = "/orders") => new()
    {
        Timestamp = at,
        Method = "GET",
        Path = path,
        Route = "/orders",
        StatusCode = 200,
        DurationMs = 1.5,
        KeyId = "abcdefghijkl",
        KeyName = "billing service",
        Client = "c_00",
        Query = "?page=2",
    };

    [Fact]
    public async Task Records_round_trip_with_every_field_in_time_order()
    {
        var second = Record(T0.AddMinutes(1), "/b");
        var first = Record(T0, "/a") with
        {
            Body = "{\"name\":\"[redacted]\"}", Headers = "Accept: */*", UserAgent = "ua/1.0", TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            RequestId = "0HN8:00000001", Organization = "org_1", Environment = "live", StatusCode = 503, DurationMs = 12.25,
        };
        var sparse = new AuditRecord { Timestamp = T0.AddMinutes(2), Method = "POST", Path = "/c", StatusCode = 401 };

        await Store.AppendAsync([second, sparse, first]);

        Assert.Equal([first, second, sparse], await Store.ListAsync(T0, T0.AddHours(1)));
        Assert.Empty(await Store.ListAsync(T0.AddHours(1), T0.AddHours(2)));
        Assert.Equal([first, second, sparse], await Store.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task A_range_is_half_open_and_a_limit_keeps_the_oldest()
    {
        await Store.AppendAsync(Enumerable.Range(0, 10).Select(i => Record(T0.AddSeconds(i), $"/{i}")).ToList());

        var range = await Store.ListAsync(T0.AddSeconds(2), T0.AddSeconds(5));
        Assert.Equal(["/2", "/3", "/4"], range.Select(r => r.Path));
        Assert.Equal(["/0", "/1", "/2", "/3"], (await Store.ListAsync(T0, T0.AddHours(1), limit: 4)).Select(r => r.Path));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(T0, T0.AddHours(1), limit: 0));
    }

    [Fact]
    public async Task Text_is_stored_as_given()
    {
        var record = Record(T0) with { Path = "/주문/ü", UserAgent = "quote ' and \" and \\ and ;--", Body = new string('x', 64 * 1024) };

        await Store.AppendAsync([record]);

        Assert.Equal(record, Assert.Single(await Store.ListAsync(T0, T0.AddSeconds(1))));
    }

    [Fact]
    public async Task Empty_text_stays_empty_and_missing_text_stays_missing()
    {
        // A request without a User-Agent is recorded with an empty one; a field never set is null.
        var record = Record(T0) with { Path = "", UserAgent = "", Headers = "", Query = null, Body = null, TraceId = "🛡️ trace" };

        await Store.AppendAsync([record]);

        var stored = Assert.Single(await Store.ListAsync(T0, T0.AddSeconds(1)));
        Assert.Equal(record, stored);
        Assert.Equal(string.Empty, stored.UserAgent);
        Assert.Null(stored.Query);
    }

    [Fact]
    public async Task Purge_deletes_only_records_older_than_the_cutoff()
    {
        await Store.AppendAsync(Enumerable.Range(0, 12_000).Select(i => Record(T0.AddSeconds(i))).ToList());

        var purged = await Store.PurgeAsync(T0.AddSeconds(11_000));

        Assert.Equal(11_000, purged);
        var left = await Store.ListAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000);
        Assert.Equal(1_000, left.Count);
        Assert.Equal(T0.AddSeconds(11_000), left[0].Timestamp);
        Assert.Equal(0, await Store.PurgeAsync(T0.AddSeconds(11_000)));
    }

    [Fact]
    public async Task Concurrent_batches_are_all_kept()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
            Store.AppendAsync(Enumerable.Range(0, 250).Select(i => Record(T0.AddMilliseconds(i), $"/{writer}/{i}")).ToList()))));

        var stored = await Store.ListAsync(T0, T0.AddHours(1), 10_000);
        Assert.Equal(2_000, stored.Select(r => r.Path).Distinct().Count());
    }

    [Fact]
    public async Task A_query_pages_newest_first_without_repeating_or_skipping_records_written_meanwhile()
    {
        // Several records share a millisecond, so the position must break ties by insertion order.
        await Store.AppendAsync(Enumerable.Range(0, 23).Select(i => Record(T0.AddMilliseconds(i / 3), $"/{i}")).ToList());

        var paths = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync(new AuditQuery { PageSize = 5, ContinuationToken = token });
            paths.AddRange(page.Items.Select(r => r.Path));
            token = page.ContinuationToken;
            if (pages++ == 0)
            {
                // Newer records written after the first page do not disturb the pages that follow.
                await Store.AppendAsync([Record(T0.AddMinutes(5), "/later")]);
            }
        }
        while (token is not null);

        Assert.Equal(5, pages);
        Assert.Equal(Enumerable.Range(0, 23).Reverse().Select(i => $"/{i}"), paths);
        Assert.Equal("/later", (await Store.QueryAsync(new AuditQuery { PageSize = 1 })).Items.Single().Path);
    }

    [Fact]
    public async Task A_query_filters_by_time_organisation_key_status_and_outcome()
    {
        await Store.AppendAsync(
        [
            Record(T0, "/a1") with { Organization = "org-a", KeyId = "keyaaaaaaaa1", StatusCode = 200 },
            Record(T0.AddSeconds(1), "/a2") with { Organization = "org-a", KeyId = "keyaaaaaaaa2", StatusCode = 403 },
            Record(T0.AddSeconds(2), "/b1") with { Organization = "org-b", KeyId = "keybbbbbbbb1", StatusCode = 200 },
            Record(T0.AddSeconds(3), "/anonymous") with { Organization = null, KeyId = null, KeyName = null, StatusCode = 401 },
            Record(T0.AddSeconds(4), "/a3") with { Organization = "org-a", KeyId = "keyaaaaaaaa1", StatusCode = 503 },
        ]);

        async Task<string[]> PathsAsync(AuditQuery query) => [.. (await Store.QueryAsync(query)).Items.Select(r => r.Path)];

        Assert.Equal(["/a3", "/anonymous", "/b1", "/a2", "/a1"], await PathsAsync(new AuditQuery()));
        Assert.Equal(["/a3", "/a2", "/a1"], await PathsAsync(new AuditQuery { Organization = "org-a" }));
        Assert.Equal(["/b1"], await PathsAsync(new AuditQuery { Organization = "org-b" }));
        Assert.Empty(await PathsAsync(new AuditQuery { Organization = "org-c" }));
        Assert.Equal(["/a3", "/a1"], await PathsAsync(new AuditQuery { KeyId = "keyaaaaaaaa1" }));
        Assert.Equal(["/b1", "/a1"], await PathsAsync(new AuditQuery { StatusCode = 200 }));
        Assert.Equal(["/anonymous", "/a2"], await PathsAsync(new AuditQuery { Outcome = AuditOutcome.ClientError }));
        Assert.Equal(["/a3"], await PathsAsync(new AuditQuery { Outcome = AuditOutcome.ServerError }));
        Assert.Equal(["/b1", "/a1"], await PathsAsync(new AuditQuery { Outcome = AuditOutcome.Success }));
        Assert.Equal(["/b1", "/a2"], await PathsAsync(new AuditQuery { From = T0.AddSeconds(1), To = T0.AddSeconds(3) }));
        Assert.Equal(["/a2"], await PathsAsync(new AuditQuery { Organization = "org-a", Outcome = AuditOutcome.ClientError, From = T0, To = T0.AddHours(1) }));
    }

    [Fact]
    public async Task A_query_page_is_bounded_and_a_foreign_token_is_refused()
    {
        await Store.AppendAsync(Enumerable.Range(0, AuditQuery.MaxPageSize + 20).Select(i => Record(T0.AddMilliseconds(i))).ToList());

        Assert.Equal(AuditQuery.MaxPageSize, (await Store.QueryAsync(new AuditQuery { PageSize = 100_000 })).Items.Count);
        Assert.Equal(AuditQuery.DefaultPageSize, (await Store.QueryAsync(new AuditQuery())).Items.Count);
        Assert.Single((await Store.QueryAsync(new AuditQuery { PageSize = 0 })).Items);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync(new AuditQuery { ContinuationToken = "not-a-token" }));
    }

    private async Task<IAdminAuditLog> FilledLogAsync(int entries = 6)
    {
        var log = _harness.OpenAdminLog(_time);
        for (var i = 1; i <= entries; i++)
        {
            await log.AppendAsync(AdminActions.KeyCreated, $"key{i:00000000000}", $"name=key {i}", "admin");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return log;
    }

    [Fact]
    public async Task An_untouched_admin_log_verifies_and_chains_every_entry()
    {
        var log = await FilledLogAsync();

        var verdict = await log.VerifyAsync();
        var entries = await log.ReadAsync();

        Assert.True(verdict.IsIntact);
        Assert.Equal(6, verdict.EntriesChecked);
        Assert.Equal([1L, 2, 3, 4, 5, 6], entries.Select(e => e.Sequence));
        Assert.Equal(AdminAuditLog.GenesisHash, entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal(entries[^1].Hash, verdict.HeadHash);
        Assert.Equal(T0.AddMinutes(2), entries[2].Timestamp);
        Assert.Equal([entries[4], entries[5]], await log.ReadAsync(fromSequence: 5));
    }

    [Theory]
    [InlineData(AdminLogEdit.ChangeDetailsOf3, AdminLogTampering.Edited, 3)]
    [InlineData(AdminLogEdit.ChangeKeyIdOf5, AdminLogTampering.Edited, 5)]
    [InlineData(AdminLogEdit.MoveTimestampOf1, AdminLogTampering.Edited, 1)]
    [InlineData(AdminLogEdit.Delete4, AdminLogTampering.Removed, 4)]
    [InlineData(AdminLogEdit.Delete2AndRenumber, AdminLogTampering.Removed, 2)]
    [InlineData(AdminLogEdit.Swap3And4, AdminLogTampering.Reordered, 3)]
    public async Task Verify_reports_the_first_tampered_admin_log_entry(AdminLogEdit edit, AdminLogTampering expected, long sequence)
    {
        var log = await FilledLogAsync();
        await _harness.TamperAsync(edit);

        var verdict = await log.VerifyAsync();

        Assert.Equal(expected, verdict.Tampering);
        Assert.Equal(sequence, verdict.FirstBadSequence);
    }

    [Fact]
    public async Task A_cut_tail_is_caught_with_a_head_hash_kept_elsewhere()
    {
        var log = await FilledLogAsync();
        var head = (await log.VerifyAsync()).HeadHash;
        await _harness.TamperAsync(AdminLogEdit.CutFrom5);

        Assert.True((await log.VerifyAsync()).IsIntact);
        var verdict = await log.VerifyAsync(head);
        Assert.Equal(AdminLogTampering.Removed, verdict.Tampering);
        Assert.Equal(5, verdict.FirstBadSequence);
    }

    [Fact]
    public async Task The_admin_log_refuses_changes_and_deletions()
    {
        var log = await FilledLogAsync(2);

        foreach (var statement in _harness.ForbiddenAdminLogStatements)
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => _harness.ExecuteAsync(statement));
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await log.VerifyAsync()).EntriesChecked);
        Assert.True((await log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Instances_appending_at_once_build_one_unbroken_chain()
    {
        // Each instance has its own log over the same database, as separate app instances would.
        var instances = Enumerable.Range(0, 4).Select(_ => _harness.OpenAdminLog(_time)).ToArray();

        await Task.WhenAll(instances.Select((log, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 10; n++)
            {
                await log.AppendAsync(AdminActions.KeyRevoked, $"key{i}{n:0000000000}", null, $"instance {i}");
            }
        })));

        var verdict = await instances[0].VerifyAsync();
        Assert.True(verdict.IsIntact, verdict.ToString());
        Assert.Equal(40, verdict.EntriesChecked);
        Assert.Equal(40, (await instances[1].ReadAsync()).Select(e => e.KeyId).Distinct().Count());
    }

    [Fact]
    public async Task A_fact_appended_once_by_instances_starting_together_is_recorded_once()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => _harness.OpenAdminLog(_time)).ToArray();
        await instances[0].AppendAsync(AdminActions.KeyCreated, "key000000001", "name=first");

        var results = await Task.WhenAll(instances.Select(log => Task.Run(() => log.AppendOnceAsync(AdminActions.PepperVersionAdded, "version=1"))));

        Assert.Single(results, r => r is not null);
        var entries = await instances[1].ReadAsync();
        Assert.Single(entries, e => e.Action == AdminActions.PepperVersionAdded);
        Assert.Null(await instances[2].AppendOnceAsync(AdminActions.PepperVersionAdded, "version=1"));
        Assert.NotNull(await instances[3].AppendOnceAsync(AdminActions.PepperVersionAdded, "version=2"));
        Assert.True((await instances[0].VerifyAsync()).IsIntact);
    }
}
