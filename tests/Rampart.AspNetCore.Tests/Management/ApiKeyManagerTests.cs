using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Management;

public class ApiKeyManagerTests
{
    private static ApiKeyCreateRequest Request(params string[] scopes) => new()
    {
        Name = "ci",
        Owner = "user-1",
        Organization = "org-1",
        Scopes = scopes.Length == 0 ? ["orders:read"] : scopes,
        Tier = "pro",
    };

    [Fact]
    public async Task Create_returns_the_key_once_and_stores_only_its_hash()
    {
        await using var app = await RampartTestApp.StartAsync();

        var created = await app.Keys.CreateAsync(Request());

        Assert.StartsWith("acme_live_" + created.Record.Id, created.Key, StringComparison.Ordinal);
        var stored = await app.App.Services.GetRequiredService<IApiKeyStore>().FindAsync(created.Record.Id);
        Assert.NotNull(stored);
        Assert.Equal(16, stored.Salt.Length);
        Assert.Equal(32, stored.Hash.Length);
        Assert.Equal(1, stored.PepperVersion);
        Assert.Equal("pro", stored.Tier);
        var secret = created.Key[^(ApiKeyFormat.ChecksumLength + ApiKeyFormat.SecretLength)..^ApiKeyFormat.ChecksumLength];
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, created.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, System.Text.Encoding.ASCII.GetString(stored.Hash), StringComparison.Ordinal);
        Assert.Equal($"acme_live_{created.Record.Id}…", stored.DisplayName);
    }

    [Fact]
    public async Task List_pages_by_id_and_filters()
    {
        await using var app = await RampartTestApp.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await app.Keys.CreateAsync(Request() with { Organization = i % 2 == 0 ? "even" : "odd" });
        }

        var revoked = await app.Keys.CreateAsync(Request() with { Organization = "even" });
        await app.Keys.RevokeAsync(revoked.Record.Id);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await app.Keys.ListAsync(new ApiKeyQuery { Organization = "even", Revoked = false, PageSize = 2, ContinuationToken = token });
            seen.AddRange(page.Items.Select(r => r.Id));
            Assert.True(page.Items.Count <= 2);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(4, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.DoesNotContain(revoked.Record.Id, seen);
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_change_nothing()
    {
        await using var app = await RampartTestApp.StartAsync();
        var pasted = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());

        var badScope = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.CreateAsync(Request("orders")));
        Assert.Equal(ApiKeyManagementError.InvalidArgument, badScope.Error);
        var pastedScope = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.CreateAsync(Request(pasted)));
        Assert.DoesNotContain(pasted[10..], pastedScope.Message, StringComparison.Ordinal);
        var past = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.CreateAsync(Request() with { ExpiresAt = app.Time.GetUtcNow().AddSeconds(-1) }));
        Assert.Equal(ApiKeyManagementError.ExpiryInPast, past.Error);
        var blankName = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.CreateAsync(Request() with { Name = " " }));
        Assert.Equal(ApiKeyManagementError.InvalidArgument, blankName.Error);

        Assert.Empty((await app.Keys.ListAsync(new ApiKeyQuery())).Items);

        var missing = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.RevokeAsync(pasted));
        Assert.Equal(ApiKeyManagementError.NotFound, missing.Error);
        Assert.DoesNotContain(pasted[20..], missing.Message, StringComparison.Ordinal);

        var created = await app.Keys.CreateAsync(Request());
        var tooLong = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.RotateAsync(created.Record.Id, TimeSpan.FromDays(31)));
        Assert.Equal(ApiKeyManagementError.GracePeriodOutOfRange, tooLong.Error);
        var unchanged = await app.Keys.GetAsync(created.Record.Id);
        Assert.Null(unchanged!.ReplacedBy);
        Assert.Single((await app.Keys.ListAsync(new ApiKeyQuery())).Items);
    }

    [Fact]
    public async Task Rotation_copies_the_grants_and_bounds_the_old_key_by_the_grace_period()
    {
        await using var app = await RampartTestApp.StartAsync();
        var original = await app.Keys.CreateAsync(Request("orders:read", "invoices:*"));

        var replacement = await app.Keys.RotateAsync(original.Record.Id);

        var old = await app.Keys.GetAsync(original.Record.Id);
        Assert.Equal(replacement.Record.Id, old!.ReplacedBy);
        Assert.Equal(app.Time.GetUtcNow().AddHours(24), old.ExpiresAt);
        Assert.Equal(ApiKeyState.InGracePeriod, old.GetState(app.Time.GetUtcNow()));
        Assert.Equal(["orders:read", "invoices:*"], replacement.Record.Scopes);
        Assert.Equal(original.Record.Name, replacement.Record.Name);
        Assert.Equal(original.Record.Tier, replacement.Record.Tier);
        Assert.NotEqual(original.Key, replacement.Key);

        // A rotated key cannot be rotated again: there is one successor.
        var again = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.RotateAsync(original.Record.Id));
        Assert.Equal(ApiKeyManagementError.InvalidState, again.Error);
    }

    [Fact]
    public async Task Concurrent_revokes_and_rotations_leave_one_consistent_outcome()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.Keys.CreateAsync(Request());

        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            try
            {
                if (i % 2 == 0)
                {
                    await app.Keys.RevokeAsync(created.Record.Id);
                }
                else
                {
                    await app.Keys.RotateAsync(created.Record.Id);
                }

                return true;
            }
            catch (ApiKeyManagementException exception) when (exception.Error == ApiKeyManagementError.InvalidState)
            {
                return false;
            }
        });
        await Task.WhenAll(attempts);

        var all = (await app.Keys.ListAsync(new ApiKeyQuery())).Items;
        // At most one successor was ever made, and the original is revoked.
        Assert.InRange(all.Count, 1, 2);
        var original = all.Single(r => r.Id == created.Record.Id);
        Assert.NotNull(original.RevokedAt);
    }

    [Fact]
    public async Task Expire_now_stops_the_key()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.Keys.CreateAsync(Request());

        var expired = await app.Keys.ExpireAsync(created.Record.Id);

        Assert.Equal(ApiKeyState.Expired, expired.GetState(app.Time.GetUtcNow()));
        await Authentication.AuthenticationResponseTests.AssertProblemAsync(await app.GetAsync("/orders", created.Key), 401, "expired_key");
    }
}
