using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>The webhook sink against a real HTTP listener on 127.0.0.1: signatures checked as a receiver would, retries on 500, drops counted.</summary>
public sealed class WebhookAlertSinkTests : IDisposable
{
    private const string Secret = "a-webhook-secret-of-at-least-32-characters";

    private readonly ServiceProvider _services;
    private readonly FakeLogCollector _logs;

    public WebhookAlertSinkTests()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddHttpClient();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        _services = services.BuildServiceProvider();
        _logs = _services.GetFakeLogCollector();
    }

    [Fact]
    public async Task Alerts_are_signed_over_timestamp_and_body_and_retried_after_a_500()
    {
        using var receiver = new LoopbackReceiver(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        var sink = Sink(receiver.Url);
        await sink.StartAsync(CancellationToken.None);
        var alert = Alert();

        await sink.SendAsync(alert, CancellationToken.None);
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        foreach (var delivery in new[] { first, second })
        {
            // What a receiver does: recompute HMAC-SHA256(secret, timestamp "." body) and compare in constant time.
            var timestamp = delivery.Headers["Rampart-Timestamp"]!;
            var expected = ReceiverSignature(timestamp, delivery.Body);
            Assert.True(CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(delivery.Headers["Rampart-Signature"]!)));
            Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
            Assert.Equal(alert.Id, delivery.Headers["Rampart-Alert-Id"]);
            Assert.Equal("POST", delivery.Method);

            using var json = JsonDocument.Parse(delivery.Body);
            Assert.Equal("unknown_key", json.RootElement.GetProperty("reason").GetString());
            Assert.Equal("rejections", json.RootElement.GetProperty("signal").GetString());
            Assert.Equal("organization", json.RootElement.GetProperty("scope").GetString());
            Assert.Equal("org-a", json.RootElement.GetProperty("organization").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("multiple").GetDouble());
        }

        // A forged signature is what a receiver must refuse: one flipped bit of the body breaks it.
        var forged = second.Body.ToArray();
        forged[^2] ^= 1;
        var forgedExpected = ReceiverSignature(second.Headers["Rampart-Timestamp"]!, forged);
        Assert.NotEqual(forgedExpected, second.Headers["Rampart-Signature"]);

        await Eventually.UntilAsync(() => sink.Delivered == 1, "the delivery after a retry");
        Assert.Single(_logs.GetSnapshot(), r => r.Id.Name == "AlertWebhookRetry");
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Message.Contains(Secret, StringComparison.Ordinal));
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_4xx_answer_is_not_retried_and_the_alert_is_counted_as_failed()
    {
        using var collector = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), "Rampart", AlertMetrics.WebhookFailedName);
        using var receiver = new LoopbackReceiver(HttpStatusCode.Unauthorized, HttpStatusCode.OK);
        var sink = Sink(receiver.Url);
        await sink.StartAsync(CancellationToken.None);

        await sink.SendAsync(Alert(), CancellationToken.None);
        await receiver.NextAsync();

        await Eventually.UntilAsync(() => collector.GetMeasurementSnapshot().Count == 1, "the drop counter's measurement");
        Assert.Equal(0, sink.Delivered);
        Assert.Equal(1, receiver.Received);
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_full_queue_drops_alerts_and_counts_each_drop()
    {
        using var collector = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), "Rampart", AlertMetrics.DroppedName);

        // Not started: nothing drains the queue of two.
        var sink = Sink(new Uri("http://127.0.0.1:9/alerts"), queueCapacity: 2);
        for (var i = 0; i < 5; i++)
        {
            await sink.SendAsync(Alert(), CancellationToken.None);
        }

        var drops = collector.GetMeasurementSnapshot();
        Assert.Equal(3, drops.Sum(m => m.Value));
        Assert.All(drops, m => Assert.Equal("webhook", m.Tags["rampart.alert.queue"]));
        Assert.Equal(3, _logs.GetSnapshot().Count(r => r.Id.Name == "AlertDropped"));
    }

    public void Dispose() => _services.Dispose();

    private WebhookAlertSink Sink(Uri url, int queueCapacity = 100)
    {
        var options = new RampartOptions();
        var webhook = options.Incidents.Alerts.Webhook;
        webhook.Url = url;
        webhook.Secret = Secret;
        webhook.InitialBackoff = TimeSpan.FromMilliseconds(10);
        webhook.MaxBackoff = TimeSpan.FromMilliseconds(50);
        webhook.Timeout = TimeSpan.FromSeconds(30);
        webhook.QueueCapacity = queueCapacity;
        return new WebhookAlertSink(
            Options.Create(options),
            _services.GetRequiredService<IHttpClientFactory>(),
            TimeProvider.System,
            new AlertMetrics(_services.GetRequiredService<IMeterFactory>()),
            _services.GetRequiredService<ILoggerFactory>());
    }

    private static string ReceiverSignature(string timestamp, byte[] body)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. body];
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), message));
    }

    private static RampartAlert Alert() => new()
    {
        Id = AlertMonitor.NewAlertId(),
        RaisedAt = DateTimeOffset.UtcNow,
        Signal = AlertSignal.Rejections,
        Reason = "unknown_key",
        Scope = AlertScope.Organization,
        Organization = "org-a",
        Multiple = 5,
        RatePerMinute = 50,
        BaselinePerMinute = 10,
    };
}
