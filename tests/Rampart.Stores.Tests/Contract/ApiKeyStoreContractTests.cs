using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Contract;

/// <summary>
/// What every <see cref="IApiKeyStore"/> guarantees. Each store's test class derives from this one
/// and only says how to open its storage; the tests run unchanged against all of them.
/// </summary>
public abstract partial class ApiKeyStoreContractTests : IAsyncLifetime
{
    private IStoreHarness? _harness;

    protected IApiKeyStore Store { get; private set; } = null!;

    protected abstract Task<IStoreHarness> CreateHarnessAsync();

    public async Task InitializeAsync()
    {
        _harness = await CreateHarnessAsync();
        Store = await _harness.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.CloseAsync(Store);
            await _harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_created_record_is_found_by_id_with_every_field_and_version_1()
    {
        var record = Records.New() with { ExpiresAt = Records.Now.AddDays(90), Tier = "gold", Version = 7 };

        await Store.CreateAsync(record);

        Records.AssertSame(record, await Store.FindAsync(record.Id), version: 1);
    }

    [Fact]
    public async Task Roles_round_trip_beside_the_scopes_and_are_changed_by_an_update()
    {
        var record = Records.New() with { Roles = ["buyer", "reporting.v2"] };
        await Store.CreateAsync(record);
        Records.AssertSame(record, await Store.FindAsync(record.Id), version: 1);

        var updated = record with { Roles = [], Scopes = ["billing:read"] };
        Assert.True(await Store.UpdateAsync(updated));

        Records.AssertSame(updated, await Store.FindAsync(record.Id), version: 2);
    }

    [Fact]
    public async Task Listing_filters_by_owner()
    {
        var mine = Records.New() with { Owner = "alice" };
        await Store.CreateAsync(mine);
        await Store.CreateAsync(Records.New() with { Owner = "bob" });
        await Store.CreateAsync(Records.New() with { Owner = "alice", Organization = "org-2" });

        var page = await Store.ListAsync(new ApiKeyQuery { Owner = "alice", Organization = "org-1" });

        Assert.Equal([mine.Id], page.Items.Select(r => r.Id));
        Assert.Equal(2, (await Store.ListAsync(new ApiKeyQuery { Owner = "alice" })).Items.Count);
    }

    [Fact]
    public async Task Optional_fields_round_trip_as_null()
    {
        var record = Records.New() with { Tier = null, ExpiresAt = null, RevokedAt = null, LastUsedAt = null, ReplacedBy = null };

        await Store.CreateAsync(record);

        Records.AssertSame(record, await Store.FindAsync(record.Id), version: 1);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found()
    {
        await Store.CreateAsync(Records.New());

        Assert.Null(await Store.FindAsync(ApiKeyGenerator.NewKeyId()));
        Assert.Null(await Store.FindAsync(string.Empty));
    }

    [Fact]
    public async Task Creating_an_existing_id_is_a_conflict_and_keeps_the_original()
    {
        var original = Records.New();
        await Store.CreateAsync(original);

        var duplicate = Records.New(original.Id) with { Name = "impostor" };
        var conflict = await Assert.ThrowsAsync<ApiKeyStoreConflictException>(() => Store.CreateAsync(duplicate));

        Assert.Equal(original.Id, conflict.KeyId);
        Records.AssertSame(original, await Store.FindAsync(original.Id), version: 1);
    }

    [Fact]
    public async Task Listing_pages_by_id_in_ordinal_order_until_the_last_page_has_no_token()
    {
        // Ordinal order puts upper case before lower case.
        var ids = new[] { "aaaaaaaaaaa1", "AAAAAAAAAAA1", "bbbbbbbbbbb1", "BBBBBBBBBBB1", "00000000000z", "zzzzzzzzzzzz", "ZZZZZZZZZZZZ" };
        foreach (var id in ids)
        {
            await Store.CreateAsync(Records.New(id));
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.ListAsync(new ApiKeyQuery { PageSize = 3, ContinuationToken = token });
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_last_page_that_is_exactly_full_has_no_token()
    {
        for (var i = 0; i < 4; i++)
        {
            await Store.CreateAsync(Records.New());
        }

        var first = await Store.ListAsync(new ApiKeyQuery { PageSize = 2 });
        var second = await Store.ListAsync(new ApiKeyQuery { PageSize = 2, ContinuationToken = first.ContinuationToken });

        Assert.Equal(2, first.Items.Count);
        Assert.Equal(first.Items[^1].Id, first.ContinuationToken);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task An_empty_store_lists_an_empty_last_page()
    {
        var page = await Store.ListAsync(new ApiKeyQuery());

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Page_sizes_out_of_range_are_clamped()
    {
        for (var i = 0; i < 3; i++)
        {
            await Store.CreateAsync(Records.New());
        }

        Assert.Single((await Store.ListAsync(new ApiKeyQuery { PageSize = 0 })).Items);
        Assert.Equal(3, (await Store.ListAsync(new ApiKeyQuery { PageSize = 10_000 })).Items.Count);
    }

    [Fact]
    public async Task Listing_filters_by_organisation_environment_and_revocation_and_pages_within_the_filter()
    {
        var matching = new List<ApiKeyRecord>();
        for (var i = 0; i < 5; i++)
        {
            var record = Records.New(organization: "org-a", environment: ApiKeyEnvironment.Test);
            matching.Add(record);
            await Store.CreateAsync(record);
            await Store.CreateAsync(Records.New(organization: "org-b", environment: ApiKeyEnvironment.Test));
            await Store.CreateAsync(Records.New(organization: "org-a", environment: ApiKeyEnvironment.Live));
            await Store.CreateAsync(Records.New(organization: "org-a", environment: ApiKeyEnvironment.Test, revokedAt: Records.Now));
        }

        var query = new ApiKeyQuery { Organization = "org-a", Environment = ApiKeyEnvironment.Test, Revoked = false, PageSize = 2 };
        var found = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(query with { ContinuationToken = token });
            found.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(matching.Select(r => r.Id).Order(StringComparer.Ordinal), found);

        Assert.Equal(5, (await Store.ListAsync(new ApiKeyQuery { Revoked = true, PageSize = 100 })).Items.Count);
        Assert.Equal(15, (await Store.ListAsync(new ApiKeyQuery { Revoked = false, PageSize = 100 })).Items.Count);
        Assert.Equal(5, (await Store.ListAsync(new ApiKeyQuery { Organization = "org-b", PageSize = 100 })).Items.Count);
        Assert.Equal(5, (await Store.ListAsync(new ApiKeyQuery { Environment = ApiKeyEnvironment.Live, PageSize = 100 })).Items.Count);
        Assert.Empty((await Store.ListAsync(new ApiKeyQuery { Organization = "ORG-A" })).Items);
        Assert.Equal(20, (await Store.ListAsync(new ApiKeyQuery { PageSize = 100 })).Items.Count);
    }

    [Fact]
    public async Task An_update_with_the_current_version_replaces_the_record_and_increments_the_version()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var stored = (await Store.FindAsync(record.Id))!;

        var changed = stored with { Name = "renamed", Scopes = ["billing:read"], Tier = "silver", ExpiresAt = Records.Now.AddDays(1) };
        Assert.True(await Store.UpdateAsync(changed));

        Records.AssertSame(changed, await Store.FindAsync(record.Id), version: 2);
    }

    [Fact]
    public async Task An_update_with_a_stale_version_changes_nothing()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var stored = (await Store.FindAsync(record.Id))!;
        Assert.True(await Store.UpdateAsync(stored with { Name = "first writer" }));

        Assert.False(await Store.UpdateAsync(stored with { Name = "second writer" }));

        var current = await Store.FindAsync(record.Id);
        Assert.Equal("first writer", current!.Name);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task Updating_a_missing_record_returns_false_and_creates_nothing()
    {
        var record = Records.New();

        Assert.False(await Store.UpdateAsync(record));
        Assert.Null(await Store.FindAsync(record.Id));
    }

    [Fact]
    public async Task Revoking_is_an_update_and_moves_the_key_between_the_revocation_filters()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var stored = (await Store.FindAsync(record.Id))!;

        Assert.True(await Store.UpdateAsync(stored with { RevokedAt = Records.Now.AddMinutes(5) }));

        var revoked = await Store.FindAsync(record.Id);
        Assert.Equal(Records.Now.AddMinutes(5), revoked!.RevokedAt);
        Assert.Equal(ApiKeyState.Revoked, revoked.GetState(Records.Now.AddMinutes(6)));
        Assert.Equal(record.Id, Assert.Single((await Store.ListAsync(new ApiKeyQuery { Revoked = true })).Items).Id);
        Assert.Empty((await Store.ListAsync(new ApiKeyQuery { Revoked = false })).Items);
    }

    [Fact]
    public async Task Expiry_is_kept_and_decides_the_state()
    {
        var record = Records.New(expiresAt: Records.Now.AddHours(1));
        await Store.CreateAsync(record);

        var stored = (await Store.FindAsync(record.Id))!;

        Assert.Equal(Records.Now.AddHours(1), stored.ExpiresAt);
        Assert.Equal(ApiKeyState.Active, stored.GetState(Records.Now));
        Assert.Equal(ApiKeyState.Expired, stored.GetState(Records.Now.AddHours(1)));
    }

    [Fact]
    public async Task Rotating_marks_the_old_record_and_adds_the_replacement_at_once()
    {
        var old = Records.New();
        await Store.CreateAsync(old);
        var stored = (await Store.FindAsync(old.Id))!;
        var replacement = Records.New() with { Name = old.Name };
        var rotated = stored with { ReplacedBy = replacement.Id, ExpiresAt = Records.Now.AddHours(24) };

        Assert.True(await Store.RotateAsync(rotated, replacement));

        var after = (await Store.FindAsync(old.Id))!;
        Records.AssertSame(rotated, after, version: 2);
        Assert.Equal(ApiKeyState.InGracePeriod, after.GetState(Records.Now));
        Assert.Equal(ApiKeyState.Rotated, after.GetState(Records.Now.AddHours(24)));
        Records.AssertSame(replacement, await Store.FindAsync(replacement.Id), version: 1);
    }

    [Fact]
    public async Task Rotating_with_a_stale_version_adds_no_replacement()
    {
        var old = Records.New();
        await Store.CreateAsync(old);
        var stored = (await Store.FindAsync(old.Id))!;
        Assert.True(await Store.UpdateAsync(stored with { Name = "changed meanwhile" }));
        var replacement = Records.New();

        Assert.False(await Store.RotateAsync(stored with { ReplacedBy = replacement.Id }, replacement));

        Assert.Null(await Store.FindAsync(replacement.Id));
        var current = await Store.FindAsync(old.Id);
        Assert.Null(current!.ReplacedBy);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task Rotating_onto_an_existing_id_changes_nothing()
    {
        var old = Records.New();
        var other = Records.New();
        await Store.CreateAsync(old);
        await Store.CreateAsync(other);
        var stored = (await Store.FindAsync(old.Id))!;
        var clash = Records.New(other.Id) with { Name = "clash" };

        Assert.False(await Store.RotateAsync(stored with { ReplacedBy = other.Id }, clash));

        Records.AssertSame(old, await Store.FindAsync(old.Id), version: 1);
        Records.AssertSame(other, await Store.FindAsync(other.Id), version: 1);
    }

    [Fact]
    public async Task Last_used_times_are_written_in_a_batch_keep_the_newest_and_leave_the_version_alone()
    {
        var a = Records.New();
        var b = Records.New();
        var c = Records.New() with { LastUsedAt = Records.Now.AddHours(1) };
        await Store.CreateAsync(a);
        await Store.CreateAsync(b);
        await Store.CreateAsync(c);

        await Store.RecordLastUsedAsync(
        [
            new(a.Id, Records.Now.AddMinutes(1)),
            new(b.Id, Records.Now.AddMinutes(2)),
            new(c.Id, Records.Now.AddMinutes(3)),
            new(ApiKeyGenerator.NewKeyId(), Records.Now),
        ]);
        await Store.RecordLastUsedAsync([new(a.Id, Records.Now)]);
        await Store.RecordLastUsedAsync([]);

        Records.AssertSame(a with { LastUsedAt = Records.Now.AddMinutes(1) }, await Store.FindAsync(a.Id), version: 1);
        Records.AssertSame(b with { LastUsedAt = Records.Now.AddMinutes(2) }, await Store.FindAsync(b.Id), version: 1);
        Records.AssertSame(c, await Store.FindAsync(c.Id), version: 1);
        Assert.Equal(3, (await Store.ListAsync(new ApiKeyQuery())).Items.Count);
    }

    [Fact]
    public async Task An_update_keeps_the_stored_last_used_time()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var stale = (await Store.FindAsync(record.Id))!;
        await Store.RecordLastUsedAsync([new(record.Id, Records.Now.AddMinutes(10))]);

        Assert.True(await Store.UpdateAsync(stale with { Name = "renamed" }));

        var current = await Store.FindAsync(record.Id);
        Assert.Equal("renamed", current!.Name);
        Assert.Equal(Records.Now.AddMinutes(10), current.LastUsedAt);
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_version_exactly_one_wins()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var stored = (await Store.FindAsync(record.Id))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.UpdateAsync(stored with { Name = $"writer {i}" }))));

        Assert.Equal(1, results.Count(r => r));
        var current = await Store.FindAsync(record.Id);
        Assert.Equal(2, current!.Version);
        Assert.Equal($"writer {Array.IndexOf(results, true)}", current.Name);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loops_lose_no_update()
    {
        var record = Records.New() with { Scopes = [] };
        await Store.CreateAsync(record);
        const int Writers = 6;
        const int Increments = 5;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++)
            {
                while (true)
                {
                    var current = (await Store.FindAsync(record.Id))!;
                    if (await Store.UpdateAsync(current with { Scopes = [.. current.Scopes, $"w{writer}:i{i}"] }))
                    {
                        break;
                    }
                }
            }
        })));

        var final = await Store.FindAsync(record.Id);
        Assert.Equal(Writers * Increments, final!.Scopes.Count);
        Assert.Equal(Writers * Increments, final.Scopes.Distinct().Count());
        Assert.Equal(1 + (Writers * Increments), final.Version);
    }

    [Fact]
    public async Task Concurrent_creates_and_rotations_all_land()
    {
        var records = Enumerable.Range(0, 40).Select(_ => Records.New()).ToArray();
        await Task.WhenAll(records.Select(r => Task.Run(() => Store.CreateAsync(r))));

        var replacements = records.Take(10).Select(_ => Records.New()).ToArray();
        var rotated = await Task.WhenAll(records.Take(10).Select((r, i) => Task.Run(async () =>
        {
            var stored = (await Store.FindAsync(r.Id))!;
            return await Store.RotateAsync(stored with { ReplacedBy = replacements[i].Id }, replacements[i]);
        })));

        Assert.All(rotated, Assert.True);
        var page = await Store.ListAsync(new ApiKeyQuery { PageSize = 100 });
        Assert.Equal(50, page.Items.Count);
        Assert.Equal(10, page.Items.Count(r => r.ReplacedBy is not null));
    }

    [Fact]
    public async Task Everything_is_still_there_after_the_store_is_closed_and_opened_again()
    {
        var kept = Records.New();
        var revoked = Records.New();
        var old = Records.New();
        var replacement = Records.New();
        await Store.CreateAsync(kept);
        await Store.CreateAsync(revoked);
        await Store.CreateAsync(old);
        Assert.True(await Store.UpdateAsync((await Store.FindAsync(revoked.Id))! with { RevokedAt = Records.Now }));
        var rotated = (await Store.FindAsync(old.Id))! with { ReplacedBy = replacement.Id, ExpiresAt = Records.Now.AddHours(1) };
        Assert.True(await Store.RotateAsync(rotated, replacement));
        await Store.RecordLastUsedAsync([new(kept.Id, Records.Now.AddSeconds(30))]);

        await Restart();

        Records.AssertSame(kept with { LastUsedAt = Records.Now.AddSeconds(30) }, await Store.FindAsync(kept.Id), version: 1);
        Records.AssertSame(revoked with { RevokedAt = Records.Now }, await Store.FindAsync(revoked.Id), version: 2);
        Records.AssertSame(rotated, await Store.FindAsync(old.Id), version: 2);
        Records.AssertSame(replacement, await Store.FindAsync(replacement.Id), version: 1);
        Assert.Equal(4, (await Store.ListAsync(new ApiKeyQuery())).Items.Count);

        // And the re-opened store takes writes as before.
        Assert.True(await Store.UpdateAsync((await Store.FindAsync(kept.Id))! with { Name = "after restart" }));
        Assert.Equal(2, (await Store.FindAsync(kept.Id))!.Version);
    }

    protected async Task Restart()
    {
        await _harness!.CloseAsync(Store);
        Store = await _harness.OpenAsync();
    }
}
