using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management.CommandLine;
using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;
using StackExchange.Redis;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// A key's view shows what is left of its windows and quota and of its organisation's, read from the limiter in use
/// (memory or Redis) without counting, and only to administrators of the key's own organisation.
/// </summary>
public sealed class KeyViewRateLimitTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    public enum Limiter
    {
        Memory,
        Redis,
    }

    // Windows of about 11.6 days: a Redis test never straddles a boundary of the real clock.
    private const int Long = 1_000_000;
    private const long Burst = 40;
    private const long KeyQuota = 30;
    private const long OrganizationWindow = 1000;
    private const long OrganizationQuota = 500;

    private static Dictionary<string, string?> Limits() => Settings.New()
        .Window("Tiers:default", "burst", Burst, Long)
        .Quota("Tiers:default", KeyQuota, "Monthly")
        .Window("OrganizationDefaults", "minute", OrganizationWindow, Long)
        .Quota("OrganizationDefaults", OrganizationQuota, "Monthly");

    private Task<RateLimitTestApp> StartAsync(Limiter limiter, RedisServer? server = null)
        => RateLimitTestApp.StartAsync(
            Limits(),
            services =>
            {
                if (limiter == Limiter.Redis)
                {
                    services.AddRampartRedisRateLimits(options =>
                    {
                        options.Configuration = (server ?? redis.Server).Configuration;
                        options.Timeout = TimeSpan.FromSeconds(5);
                    });
                }
            },
            map: app => app.MapRampartKeys("/admin/keys"));

    [Theory]
    [InlineData(Limiter.Memory)]
    [InlineData(Limiter.Redis)]
    public async Task The_view_shows_what_is_left_for_the_key_and_its_own_organisation_and_counts_nothing(Limiter limiter)
    {
        await using var app = await StartAsync(limiter);
        var (acme, globex) = ($"acme-{Guid.NewGuid():N}", $"globex-{Guid.NewGuid():N}");
        var acmeAdmin = await app.CreateKeyInAsync(acme, ["rampart:admin"]);
        var globexAdmin = await app.CreateKeyInAsync(globex, ["rampart:admin"]);
        var (acmeKey, acmeId) = await app.CreateKeyAsync(acme);
        var (globexKey, globexId) = await app.CreateKeyAsync(globex);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", acmeKey)).StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", globexKey)).StatusCode);
        }

        // The administrator's own request is counted in its organisation before the view is read; the view adds nothing.
        var first = await ViewAsync(app, acmeId, acmeAdmin.Key);
        AssertWindows(first, key: (Burst - 3, KeyQuota - 3), organization: (OrganizationWindow - 4, OrganizationQuota - 4));
        var second = await ViewAsync(app, acmeId, acmeAdmin.Key);
        AssertWindows(second, key: (Burst - 3, KeyQuota - 3), organization: (OrganizationWindow - 5, OrganizationQuota - 5));
        Assert.Equal(Window(first, "key", "burst").GetProperty("resetsAt").GetDateTimeOffset(), Window(second, "key", "burst").GetProperty("resetsAt").GetDateTimeOffset());

        // Resets: the end of the current window on the limiter's clock (Redis keeps its own).
        var now = limiter == Limiter.Memory ? app.Time.GetUtcNow() : DateTimeOffset.UtcNow;
        var month = new RateLimitPolicy("quota", RateLimitScope.Key, true, KeyQuota, RateLimitPolicy.MonthPeriod).GetWindow(now.ToUnixTimeMilliseconds()).EndMs;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(month), Window(first, "key", "quota").GetProperty("resetsAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(month), Window(first, "organization", "org.quota").GetProperty("resetsAt").GetDateTimeOffset());
        Assert.True(Window(first, "key", "burst").GetProperty("resetsAt").GetDateTimeOffset() > now);

        // Another organisation's key is not there at all for acme's administrator, and looking counts nothing for it.
        var foreign = await app.GetAsync($"/admin/keys/{globexId}", acmeAdmin.Key);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var foreignBody = await foreign.Content.ReadAsStringAsync();
        Assert.Equal("key_not_found", JsonDocument.Parse(foreignBody).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("rateLimits", foreignBody, StringComparison.Ordinal);
        AssertWindows(await ViewAsync(app, globexId, globexAdmin.Key), key: (Burst - 5, KeyQuota - 5), organization: (OrganizationWindow - 6, OrganizationQuota - 6));

        // The manager API reads the same figures, and reading twice changes neither key nor organisation.
        var record = (await app.Keys.GetAsync(acmeId))!;
        var read = (await app.Keys.GetRateLimitStatusAsync(record))!;
        var again = (await app.Keys.GetRateLimitStatusAsync(record))!;
        Assert.True(read.Available);
        Assert.Equal([Burst - 3, KeyQuota - 3], read.Key.Select(w => w.Remaining!.Value));
        Assert.Equal([OrganizationWindow - 6, OrganizationQuota - 6], read.Organization.Select(w => w.Remaining!.Value));
        Assert.Equal(read.Key, again.Key);
        Assert.Equal(read.Organization, again.Organization);

        // And the key still has exactly what the view said.
        var response = await app.SendAsync("/orders", acmeKey);
        Assert.Contains("r=26", string.Join(',', response.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_an_unused_key_through_Redis_writes_nothing()
    {
        await using var app = await StartAsync(Limiter.Redis);
        var organization = $"initech-{Guid.NewGuid():N}";
        var (_, id) = await app.CreateKeyAsync(organization);
        var record = (await app.Keys.GetAsync(id))!;

        var status = (await app.Keys.GetRateLimitStatusAsync(record))!;

        Assert.True(status.Available);
        Assert.Equal([Burst, KeyQuota], status.Key.Select(w => w.Remaining!.Value));
        Assert.Equal([OrganizationWindow, OrganizationQuota], status.Organization.Select(w => w.Remaining!.Value));
        await using var admin = await redis.Server.ConnectAdminAsync();
        var server = admin.GetServers().Single();
        var written = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"*{organization}*"))
        {
            written.Add(key);
        }

        Assert.Empty(written);
    }

    [Fact]
    public async Task While_Redis_does_not_answer_the_view_says_unavailable_not_zero()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartAsync(Limiter.Redis, server);
        var organization = $"hooli-{Guid.NewGuid():N}";
        var admin = await app.CreateKeyInAsync(organization, ["rampart:admin"]);
        var (_, id) = await app.CreateKeyAsync(organization);
        await server.KillAsync();

        var view = await ViewAsync(app, id, admin.Key);

        AssertUnavailable(view);
    }

    [Fact]
    public async Task An_app_limiter_that_cannot_peek_shows_the_windows_with_remaining_unavailable()
    {
        await using var app = await RateLimitTestApp.StartAsync(
            Limits(),
            services => services.AddRampartRateLimiter(_ => new LedgerRateLimiter()),
            map: a => a.MapRampartKeys("/admin/keys"));
        var admin = await app.CreateKeyInAsync("acme", ["rampart:admin"]);
        var (key, id) = await app.CreateKeyAsync("acme");
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);

        AssertUnavailable(await ViewAsync(app, id, admin.Key));

        // The command line shows the same: the limits, and that what is left cannot be read.
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "get", id, "--json"], output, error));
        AssertUnavailable(JsonDocument.Parse(output.ToString()).RootElement);
        using var text = new StringWriter();
        Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "get", id], text, error));
        Assert.Contains("remaining unavailable", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("burst        ? / 40", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_shows_what_is_left()
    {
        await using var app = await StartAsync(Limiter.Memory);
        var (key, id) = await app.CreateKeyAsync("acme");
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "get", id, "--json"], output, error) == 0, error.ToString());
        AssertWindows(JsonDocument.Parse(output.ToString()).RootElement, key: (Burst - 2, KeyQuota - 2), organization: (OrganizationWindow - 2, OrganizationQuota - 2));
        using var text = new StringWriter();
        Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.App.Services, ["keys", "get", id], text, error));
        Assert.Contains("quota        28 / 30", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("org.minute   998 / 1000", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_do_not_read_the_limiter_and_with_rate_limits_off_the_view_has_none()
    {
        await using var app = await RateLimitTestApp.StartAsync(
            new Dictionary<string, string?>(Limits()) { ["Rampart:RateLimits:Enabled"] = "false" },
            map: a => a.MapRampartKeys("/admin/keys"));
        var admin = await app.CreateKeyInAsync("acme", ["rampart:admin"]);

        var view = await ViewAsync(app, admin.Record.Id, admin.Key);
        Assert.False(view.TryGetProperty("rateLimits", out _));
        var list = JsonDocument.Parse(await (await app.GetAsync("/admin/keys", admin.Key)).Content.ReadAsStringAsync()).RootElement;
        Assert.All(list.GetProperty("items").EnumerateArray(), item => Assert.False(item.TryGetProperty("rateLimits", out _)));
    }

    private static async Task<JsonElement> ViewAsync(RateLimitTestApp app, string id, string adminKey)
    {
        var response = await app.GetAsync($"/admin/keys/{id}", adminKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static JsonElement Window(JsonElement view, string owner, string name)
        => view.GetProperty("rateLimits").GetProperty(owner).EnumerateArray().Single(w => w.GetProperty("name").GetString() == name);

    private static void AssertWindows(JsonElement view, (long Burst, long Quota) key, (long Window, long Quota) organization)
    {
        var limits = view.GetProperty("rateLimits");
        Assert.True(limits.GetProperty("available").GetBoolean());
        Assert.Equal(["burst", "quota"], limits.GetProperty("key").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        Assert.Equal(["org.minute", "org.quota"], limits.GetProperty("organization").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        Assert.Equal(key.Burst, Window(view, "key", "burst").GetProperty("remaining").GetInt64());
        Assert.Equal(key.Quota, Window(view, "key", "quota").GetProperty("remaining").GetInt64());
        Assert.True(Window(view, "key", "quota").GetProperty("quota").GetBoolean());
        Assert.Equal(Burst, Window(view, "key", "burst").GetProperty("limit").GetInt64());
        Assert.Equal(organization.Window, Window(view, "organization", "org.minute").GetProperty("remaining").GetInt64());
        Assert.Equal(organization.Quota, Window(view, "organization", "org.quota").GetProperty("remaining").GetInt64());
    }

    private static void AssertUnavailable(JsonElement view)
    {
        var limits = view.GetProperty("rateLimits");
        Assert.False(limits.GetProperty("available").GetBoolean());
        var windows = limits.GetProperty("key").EnumerateArray().Concat(limits.GetProperty("organization").EnumerateArray()).ToList();
        Assert.Equal(4, windows.Count);
        Assert.All(windows, w => Assert.Equal(JsonValueKind.Null, w.GetProperty("remaining").ValueKind));
        Assert.All(windows, w => Assert.Equal(JsonValueKind.Null, w.GetProperty("resetsAt").ValueKind));
        Assert.Equal(Burst, Window(view, "key", "burst").GetProperty("limit").GetInt64());
    }
}
