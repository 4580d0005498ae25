using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>Alerts fed by the real pipeline's refusals and 429s, with two organisations, on the app's fake clock.</summary>
public sealed class AlertPipelineTests
{
    [Fact]
    public async Task A_burst_of_refusals_of_one_organisations_revoked_key_alerts_for_that_key_and_organisation()
    {
        await using var app = await StartAsync();
        var sink = Sink(app);
        var revoked = await app.CreateKeyInAsync("org-b", ["orders:read"]);
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var working = await app.CreateKeyInAsync("org-a", ["orders:read"]);

        // Warm-up: one refusal a minute, and org A's key working meanwhile.
        for (var minute = 0; minute < 3; minute++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", revoked.Key)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", working.Key)).StatusCode);
            app.Time.Advance(TimeSpan.FromMinutes(1));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", revoked.Key)).StatusCode);
        }

        var alerts = new[] { await sink.NextAsync(), await sink.NextAsync(), await sink.NextAsync() };
        Assert.All(alerts, a =>
        {
            Assert.Equal("revoked_key", a.Reason);
            Assert.Equal(AlertSignal.Rejections, a.Signal);
            Assert.Equal(3, a.Multiple);
        });
        Assert.Single(alerts, a => a.Scope == AlertScope.All);
        Assert.Single(alerts, a => a.Scope == AlertScope.Organization && a.Organization == "org-b");
        Assert.Single(alerts, a => a.Scope == AlertScope.Key && a.KeyId == revoked.Record.Id && a.Organization == "org-b");
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "RampartAlert" && r.Message.Contains(revoked.Record.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(app.LoggedText(), line => line.Contains(revoked.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_answered_429_again_and_again_raises_a_rate_limited_alert_for_that_key()
    {
        await using var app = await StartAsync(options => options.RateLimits.Tiers["default"] = new RateLimitTierOptions
        {
            Windows = { ["minute"] = new RateLimitWindowOptions { Limit = 1, Window = TimeSpan.FromMinutes(1) } },
        });
        var sink = Sink(app);
        var key = await app.CreateKeyInAsync("org-a", ["orders:read"]);
        await app.CreateKeyInAsync("org-b", ["orders:read"]);

        for (var minute = 0; minute < 3; minute++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key.Key)).StatusCode);
            app.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key.Key)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await app.GetAsync("/orders", key.Key)).StatusCode);
        }

        var alerts = new[] { await sink.NextAsync(), await sink.NextAsync(), await sink.NextAsync() };
        Assert.All(alerts, a => Assert.Equal(AlertSignal.RateLimited, a.Signal));
        Assert.Single(alerts, a => a.Scope == AlertScope.Key && a.KeyId == key.Record.Id && a.Organization == "org-a");
        Assert.DoesNotContain(alerts, a => a.Organization == "org-b");
    }

    private static Task<RampartTestApp> StartAsync(Action<RampartOptions>? configure = null)
        => RampartTestApp.StartAsync(
            configure: options =>
            {
                options.Incidents.Alerts.WarmUpMinutes = 2;
                options.Incidents.Alerts.MinimumBaselinePerMinute = 1;
                configure?.Invoke(options);
            },
            services: services => services.AddRampartAlertSink<CapturingAlertSink>());

    private static CapturingAlertSink Sink(RampartTestApp app)
        => app.App.Services.GetServices<IRampartAlertSink>().OfType<CapturingAlertSink>().Single();
}
