using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests;

public class AuthenticationEventTests
{
    public static TheoryData<string, int, string> Cases() => new()
    {
        { "missing", 1210, "missing_credentials" },
        { "malformed", 1211, "malformed_key" },
        { "unknown", 1212, "unknown_key" },
        { "expired", 1213, "expired_key" },
        { "revoked", 1214, "revoked_key" },
        { "wrong-environment", 1215, "wrong_environment" },
        { "rotated", 1216, "rotated_key" },
        { "wrong-prefix", 1217, "wrong_prefix" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_rejection_has_its_own_event_id_and_is_counted_by_reason(string kind, int eventId, string reason)
    {
        await using var app = await LoggingTestApp.StartAsync();
        using var rejections = new MetricCollector<long>(app.App.Services.GetRequiredService<IMeterFactory>(), RampartMetrics.MeterName, RampartMetrics.RejectionsName);
        var key = await app.CreateKeyAsync();
        var credential = kind switch
        {
            "missing" => null,
            "malformed" => "acme_live_short",
            "unknown" => ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()),
            "wrong-environment" => ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId()),
            "wrong-prefix" => ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()),
            _ => key.Key,
        };
        switch (kind)
        {
            case "expired":
                await app.Keys.ExpireAsync(key.Record.Id);
                app.Time.Advance(TimeSpan.FromSeconds(1));
                break;
            case "revoked":
                await app.Keys.RevokeAsync(key.Record.Id);
                break;
            case "rotated":
                await app.Keys.RotateAsync(key.Record.Id, TimeSpan.Zero);
                app.Time.Advance(TimeSpan.FromSeconds(1));
                break;
        }

        await app.GetAsync("/orders/1", credential);

        var events = app.Logs.GetSnapshot().Where(r => r.Category == AuthenticationLog.Category && r.Id.Id == eventId).ToArray();
        var record = Assert.Single(events);
        if (kind is "expired" or "revoked" or "rotated")
        {
            Assert.Equal(key.Record.Id, record.StructuredState!.Single(p => p.Key == "KeyId").Value);
            Assert.Equal("billing service", record.StructuredState!.Single(p => p.Key == "KeyName").Value);
        }

        Assert.DoesNotContain(app.LoggedText(), line => line.Contains(key.Key, StringComparison.Ordinal) || (credential is not null && line.Contains(credential, StringComparison.Ordinal)));
        var measurement = Assert.Single(rejections.GetMeasurementSnapshot());
        Assert.Equal(reason, measurement.Tags["error.type"]);
    }

    [Fact]
    public async Task Requests_are_counted_by_outcome_and_verification_is_timed()
    {
        await using var app = await LoggingTestApp.StartAsync();
        var meters = app.App.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, RampartMetrics.MeterName, RampartMetrics.RequestsName);
        using var durations = new MetricCollector<double>(meters, RampartMetrics.MeterName, RampartMetrics.VerifyDurationName);
        using var rejections = new MetricCollector<long>(meters, RampartMetrics.MeterName, RampartMetrics.RejectionsName);
        var reader = await app.CreateKeyAsync("orders:read");
        var writer = await app.CreateKeyAsync("orders:write");

        await app.GetAsync("/orders/1", reader.Key);
        await app.GetAsync("/orders/1", writer.Key);
        await app.GetAsync("/orders/1", null);
        await app.GetAsync("/public", null);

        var outcomes = requests.GetMeasurementSnapshot().Select(m => (string)m.Tags["rampart.outcome"]!).Order().ToArray();
        Assert.Equal(["forbidden", "success", "success", "unauthenticated"], outcomes);
        var timed = durations.GetMeasurementSnapshot();
        Assert.Equal(2, timed.Count);
        Assert.All(timed, m => Assert.Equal("success", m.Tags["rampart.result"]));
        Assert.All(timed, m => Assert.True(m.Value >= 0));
        Assert.Contains(rejections.GetMeasurementSnapshot(), m => (string?)m.Tags["error.type"] == "insufficient_scope");
    }

    [Theory]
    [InlineData(200, "success")]
    [InlineData(304, "success")]
    [InlineData(400, "client_error")]
    [InlineData(401, "unauthenticated")]
    [InlineData(403, "forbidden")]
    [InlineData(429, "rate_limited")]
    [InlineData(503, "server_error")]
    public void Outcomes_follow_the_status(int status, string outcome)
        => Assert.Equal(outcome, RampartMetrics.Outcome(status));
}
