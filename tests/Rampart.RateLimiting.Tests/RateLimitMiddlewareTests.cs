using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;

namespace Rampart.RateLimiting.Tests;

public sealed class RateLimitMiddlewareTests
{
    [Fact]
    public async Task Admitted_responses_carry_the_draft_fields_for_key_and_organization_policies()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults());
        var (key, _) = await app.CreateKeyAsync();

        var response = await app.SendAsync("/orders", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(", ", response.Headers.GetValues("RateLimit-Policy"));
        Assert.Equal("\"burst\";q=5;w=10, \"minute\";q=20;w=60, \"org.minute\";q=1000;w=60", policy);
        var policies = RateLimitFieldGrammar.Parse(policy);
        Assert.Equal(5, policies["burst"]["q"]);
        Assert.Equal(60, policies["org.minute"]["w"]);

        var current = RateLimitFieldGrammar.Parse(string.Join(", ", response.Headers.GetValues("RateLimit")));
        var (name, parameters) = Assert.Single(current);
        Assert.Equal("burst", name);
        Assert.Equal(4, parameters["r"]);
        Assert.Equal(10, parameters["t"]);
    }

    [Theory]
    [InlineData("\"burst\";q=5;w=10", true)]
    [InlineData("\"burst\";q=5;w=10, \"org.minute\";q=1000;w=60", true)]
    [InlineData("\"burst\";r=0;t=3", true)]
    [InlineData("burst;q=5", false)]
    [InlineData("\"burst\";q=5;w=10,", false)]
    [InlineData("\"bu\"rst\";q=5", false)]
    [InlineData("\"burst\";q=1234567890123456", false)]
    public void The_grammar_check_rejects_what_the_draft_does_not_allow(string value, bool valid)
        => Assert.Equal(valid, RateLimitFieldGrammar.IsValidList(value));

    [Fact]
    public async Task The_request_over_the_burst_gets_429_with_retry_after_until_the_window_ends()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 3));
        var (key, id) = await app.CreateKeyAsync();
        app.Time.Advance(TimeSpan.FromSeconds(2.5));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        }

        var refused = await app.SendAsync("/orders", key);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // The burst window is [12:00:00, 12:00:10); at 12:00:02.5 it frees in 7.5 s, rounded up.
        Assert.Equal("8", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:rampart:problem:rate-limited", body.GetProperty("type").GetString());
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal(8, body.GetProperty("retry_after").GetInt64());
        var violated = Assert.Single(body.GetProperty("violated_policies").EnumerateArray());
        Assert.Equal("burst", violated.GetProperty("name").GetString());
        Assert.Equal("key", violated.GetProperty("scope").GetString());
        var current = RateLimitFieldGrammar.Parse(refused.Headers.GetValues("RateLimit").Single());
        Assert.Equal(0, current["burst"]["r"]);
        Assert.Equal(8, current["burst"]["t"]);

        // Never earlier than the window frees: one millisecond before the boundary it is still refused.
        app.Time.Advance(TimeSpan.FromMilliseconds(7_499));
        var stillRefused = await app.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal("1", stillRefused.Headers.GetValues("Retry-After").Single());

        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);

        var logs = app.Logs.GetSnapshot().Where(r => r.Id.Id == 1100).ToList();
        Assert.Equal(2, logs.Count);
        var log = logs[0];
        Assert.Equal("Rampart.Authentication", log.Category);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(id, log.Message, StringComparison.Ordinal);
        Assert.Contains("test key", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_after_waits_for_the_longest_violated_window()
    {
        var settings = Settings.Defaults(burst: 2, minute: 2);
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (key, _) = await app.CreateKeyAsync();
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.SendAsync("/orders", key);
        await app.SendAsync("/orders", key);

        var refused = await app.SendAsync("/orders", key);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("59", refused.Headers.GetValues("Retry-After").Single());
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["burst", "minute"], body.GetProperty("violated_policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());

        // After the burst window frees, the minute window still refuses.
        app.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/orders", key)).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
    }

    [Fact]
    public async Task A_request_refused_by_the_organization_consumes_nothing_in_the_key_windows()
    {
        var settings = Settings.Defaults(burst: 5, minute: 5).Window("OrganizationDefaults", "minute", 3, 60);
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (first, _) = await app.CreateKeyAsync();
        var (second, _) = await app.CreateKeyAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", first)).StatusCode);
        }

        for (var i = 0; i < 4; i++)
        {
            var refused = await app.SendAsync("/orders", second);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            var violated = Assert.Single(body.GetProperty("violated_policies").EnumerateArray());
            Assert.Equal("org.minute", violated.GetProperty("name").GetString());
            Assert.Equal("organization", violated.GetProperty("scope").GetString());
        }

        // The organisation frees at the minute; the second key's own windows were never charged.
        app.Time.Advance(TimeSpan.FromSeconds(60));
        var admitted = await app.SendAsync("/orders", second);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        var current = RateLimitFieldGrammar.Parse(admitted.Headers.GetValues("RateLimit").Single());
        Assert.Equal(2, current["org.minute"]["r"]);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", second)).StatusCode);
    }

    [Fact]
    public async Task Keys_of_one_organization_share_its_limit_and_other_organizations_do_not()
    {
        var settings = Settings.Defaults(burst: 10, minute: 10).Window("OrganizationDefaults", "minute", 4, 60);
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (a, _) = await app.CreateKeyAsync("org-a");
        var (b, _) = await app.CreateKeyAsync("org-a");
        var (other, _) = await app.CreateKeyAsync("org-b");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await app.SendAsync("/orders", a)).StatusCode);
            statuses.Add((await app.SendAsync("/orders", b)).StatusCode);
        }

        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", other)).StatusCode);
    }

    [Fact]
    public async Task Endpoint_cost_is_charged_and_exempt_endpoints_are_not_limited()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 6));
        var (key, _) = await app.CreateKeyAsync();

        var report = await app.SendAsync("/reports", key, HttpMethod.Post);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(1, RateLimitFieldGrammar.Parse(report.Headers.GetValues("RateLimit").Single())["burst"]["r"]);

        // Cost 5 does not fit in the 1 unit left.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/reports", key, HttpMethod.Post)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);

        for (var i = 0; i < 10; i++)
        {
            var health = await app.SendAsync("/health", key);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.False(health.Headers.Contains("RateLimit-Policy"));
        }
    }

    [Fact]
    public async Task Attributes_on_handlers_work_like_the_conventions()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 4), map: web =>
        {
            web.MapGet("/export", [RateLimitCost(3)] () => "export");
            web.MapGet("/ping", [ExemptFromRateLimits] () => "pong");
        });
        var (key, _) = await app.CreateKeyAsync();

        var export = await app.SendAsync("/export", key);
        Assert.Equal(1, RateLimitFieldGrammar.Parse(export.Headers.GetValues("RateLimit").Single())["burst"]["r"]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/export", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/ping", key)).StatusCode);
    }

    [Fact]
    public void A_cost_below_one_fails_at_start_up()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitCostAttribute(0));

    [Fact]
    public async Task Unauthenticated_requests_pass_untouched_to_authorization()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 1));

        for (var i = 0; i < 3; i++)
        {
            var response = await app.SendAsync("/orders", key: null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/public", key: null)).StatusCode);
        }
    }

    [Fact]
    public async Task Tiers_and_per_key_overrides_come_from_configuration()
    {
        var settings = Settings.Defaults(burst: 2).Window("Tiers:gold", "burst", 4, 10);
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (gold, _) = await app.CreateKeyAsync(tier: "gold");
        var (unknownTier, _) = await app.CreateKeyAsync(tier: "platinum");

        Assert.Equal("\"burst\";q=4;w=10, \"org.minute\";q=1000;w=60", (await app.SendAsync("/orders", gold)).Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal("\"burst\";q=2;w=10, \"minute\";q=20;w=60, \"org.minute\";q=1000;w=60", (await app.SendAsync("/orders", unknownTier)).Headers.GetValues("RateLimit-Policy").Single());

        var (overridden, id) = await app.CreateKeyAsync();
        var withOverride = Settings.New().Window($"Keys:{id}", "burst", 1, 5);
        foreach (var (k, v) in withOverride)
        {
            app.Configuration[k] = v;
        }

        app.Configuration.Reload();
        var response = await app.SendAsync("/orders", overridden);
        Assert.Equal("\"burst\";q=1;w=5, \"minute\";q=20;w=60, \"org.minute\";q=1000;w=60", response.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/orders", overridden)).StatusCode);
    }

    [Fact]
    public async Task Limits_change_without_a_restart_and_keep_counts_of_unchanged_windows()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 3, minute: 20));
        var (key, _) = await app.CreateKeyAsync();
        await app.SendAsync("/orders", key);
        await app.SendAsync("/orders", key);

        app.Configuration[$"{Settings.Root}:Tiers:default:Windows:burst:Limit"] = "2";
        app.Configuration.Reload();

        var refused = await app.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.StartsWith("\"burst\";q=2;w=10", refused.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);

        app.Configuration[$"{Settings.Root}:Enabled"] = "false";
        app.Configuration.Reload();
        var unlimited = await app.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
        Assert.False(unlimited.Headers.Contains("RateLimit"));
    }

    [Fact]
    public async Task An_invalid_reload_keeps_the_limits_in_force()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 2));
        var (key, _) = await app.CreateKeyAsync();

        app.Configuration[$"{Settings.Root}:Tiers:default:Windows:burst:Limit"] = "0";
        var reload = Record.Exception(app.Configuration.Reload);

        var aggregate = Assert.IsType<AggregateException>(reload);
        Assert.Contains(aggregate.Flatten().InnerExceptions, e => e is Microsoft.Extensions.Options.OptionsValidationException v && v.Message.Contains("Rampart:RateLimits:Tiers:default:Windows:burst:Limit", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/orders", key)).StatusCode);
    }

    [Fact]
    public async Task A_daily_quota_is_decremented_refused_with_its_own_problem_type_and_refilled_at_midnight()
    {
        var settings = Settings.Defaults(burst: 100, minute: 100).Quota("Tiers:default", 3, "Daily");
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (key, _) = await app.CreateKeyAsync();

        for (var i = 2; i >= 0; i--)
        {
            var admitted = await app.SendAsync("/orders", key);
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            Assert.Equal(i, RateLimitFieldGrammar.Parse(admitted.Headers.GetValues("RateLimit").Single())["quota"]["r"]);
        }

        var refused = await app.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // 12:00 to midnight UTC.
        Assert.Equal("43200", refused.Headers.GetValues("Retry-After").Single());
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:rampart:problem:quota-exhausted", body.GetProperty("type").GetString());
        Assert.Equal("quota", Assert.Single(body.GetProperty("violated_policies").EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Id == 1101 && r.Category == "Rampart.Authentication");

        app.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/orders", key)).StatusCode);
        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
    }

    [Fact]
    public async Task A_monthly_quota_is_refilled_on_the_first_of_the_month()
    {
        var settings = Settings.Defaults(burst: 100, minute: 100).Quota("Tiers:default", 1, "Monthly");
        await using var app = await RateLimitTestApp.StartAsync(settings);
        var (key, _) = await app.CreateKeyAsync();

        var first = await app.SendAsync("/orders", key);
        Assert.Contains("\"quota\";q=1", first.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        var refused = await app.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // 2026-11-24T12:00Z to 2026-12-01T00:00Z.
        Assert.Equal(((6 * 24) + 12) * 3600, long.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture));

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
    }

    [Fact]
    public async Task Refusals_are_counted_on_the_Rampart_meter()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 1));
        using var collector = new MetricCollector<long>(app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Rampart", "rampart.rate_limit.rejections");
        var (key, _) = await app.CreateKeyAsync();

        await app.SendAsync("/orders", key);
        await app.SendAsync("/orders", key);
        await app.SendAsync("/orders", key);

        var measurements = collector.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal("rate_limited", m.Tags["rampart.rate_limit.reason"]);
            Assert.Equal("rate_limited", m.Tags["error.type"]);
            Assert.Equal("burst", m.Tags["rampart.rate_limit.policy"]);
        });
        Assert.False(string.IsNullOrEmpty(collector.Instrument!.Meter.Version));
    }

    [Fact]
    public async Task Invalid_limits_stop_the_app_with_a_message_naming_the_setting()
    {
        var settings = Settings.New().Window("Tiers:default", "bad name", 0, 0);
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RateLimitTestApp.StartAsync(settings));

        Assert.Contains("Rampart:RateLimits:Tiers:default:Windows:bad name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Limit must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Window must be a whole number of seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixty_four_concurrent_clients_on_one_key_get_exactly_the_limit()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults(burst: 37, minute: 1000));
        var (key, _) = await app.CreateKeyAsync();

        using var start = new SemaphoreSlim(0);
        var clients = Enumerable.Range(0, 64).Select(async _ =>
        {
            await start.WaitAsync();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                statuses.Add((await app.SendAsync("/orders", key)).StatusCode);
            }

            return statuses;
        }).ToList();
        start.Release(64);
        var results = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();

        Assert.Equal(37, results.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(256 - 37, results.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
