using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Diagnostics;

/// <summary>What Rampart puts on the request's trace and on its meter, read with real listeners.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Activity>> _stopped = new();
    private readonly ConcurrentDictionary<ActivityTraceId, TaskCompletionSource<Activity>> _requests = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or RampartTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests run in parallel: only the traces this class started are kept.
                if (!_requests.TryGetValue(activity.TraceId, out var request))
                {
                    return;
                }

                _stopped.GetOrAdd(activity.TraceId, _ => new()).Enqueue(activity);
                if (activity.Source.Name == "Microsoft.AspNetCore")
                {
                    request.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task An_authenticated_request_carries_the_key_id_organisation_and_decision_and_a_verification_span_but_never_the_key()
    {
        await using var app = await RampartTestApp.StartAsync();
        var key = await app.CreateKeyAsync("orders:read");

        var (request, spans) = await TraceAsync(app, "/orders", key.Key);

        Assert.Equal(key.Record.Id, request.GetTagItem(RampartTelemetry.KeyIdTag));
        Assert.Equal("org-1", request.GetTagItem(RampartTelemetry.OrganizationTag));
        Assert.Equal("success", request.GetTagItem(RampartTelemetry.DecisionTag));
        Assert.DoesNotContain(request.Events, e => e.Name == RampartTelemetry.RejectedEvent);
        var verify = Assert.Single(spans, s => s.OperationName == RampartTelemetry.VerifyKeyActivity);
        Assert.Equal(request.SpanId, verify.ParentSpanId);
        Assert.Equal(RampartTelemetry.Version, verify.Source.Version);
        Assert.Null(verify.GetTagItem(RampartTelemetry.ErrorTypeTag));
        AssertNoSecret(spans, key.Key, key.Record.Name);
    }

    [Fact]
    public async Task A_missing_scope_is_a_rejection_event_on_the_request_and_counted_with_error_type_on_the_versioned_meter()
    {
        await using var app = await RampartTestApp.StartAsync();
        using var rejections = new MetricCollector<long>(app.App.Services.GetRequiredService<IMeterFactory>(), RampartMetrics.MeterName, RampartMetrics.RejectionsName);
        var key = await app.CreateKeyAsync("invoices:read");

        var (request, spans) = await TraceAsync(app, "/orders", key.Key);

        Assert.Equal(key.Record.Id, request.GetTagItem(RampartTelemetry.KeyIdTag));
        Assert.Equal("forbidden", request.GetTagItem(RampartTelemetry.DecisionTag));
        var rejected = Assert.Single(request.Events, e => e.Name == RampartTelemetry.RejectedEvent);
        Assert.Equal("insufficient_scope", rejected.Tags.Single(t => t.Key == RampartTelemetry.ErrorTypeTag).Value);
        var measurement = Assert.Single(rejections.GetMeasurementSnapshot());
        Assert.Equal("insufficient_scope", measurement.Tags[RampartTelemetry.ErrorTypeTag]);
        Assert.Equal(RampartTelemetry.Version, rejections.Instrument!.Meter.Version);
        Assert.Matches(@"^\d+\.\d+\.\d+", RampartTelemetry.Version);
        AssertNoSecret(spans, key.Key, key.Record.Name);
    }

    [Fact]
    public async Task An_unknown_key_leaves_no_key_id_and_names_the_failure_on_the_event_and_the_span()
    {
        await using var app = await RampartTestApp.StartAsync();
        var unknown = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());

        var (request, spans) = await TraceAsync(app, "/orders", unknown);

        Assert.Null(request.GetTagItem(RampartTelemetry.KeyIdTag));
        Assert.Equal("unauthenticated", request.GetTagItem(RampartTelemetry.DecisionTag));
        var rejected = Assert.Single(request.Events, e => e.Name == RampartTelemetry.RejectedEvent);
        Assert.Equal("unknown_key", rejected.Tags.Single(t => t.Key == RampartTelemetry.ErrorTypeTag).Value);
        Assert.Equal("unknown_key", Assert.Single(spans, s => s.OperationName == RampartTelemetry.VerifyKeyActivity).GetTagItem(RampartTelemetry.ErrorTypeTag));
        AssertNoSecret(spans, unknown, null);
    }

    private async Task<(Activity Request, Activity[] Spans)> TraceAsync(RampartTestApp app, string path, string key)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var done = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[traceId] = done;
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        message.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await app.Client.SendAsync(message);

        // The request activity stops after the response is handed over: wait for it.
        var request = await Eventually.CompletesAsync(done.Task, "the request activity's stop");
        return (request, _stopped[traceId].ToArray());
    }

    private static void AssertNoSecret(Activity[] spans, string key, string? keyName)
    {
        foreach (var span in spans)
        {
            var values = span.TagObjects.Select(t => t.Value?.ToString())
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString())))
                .Concat([span.DisplayName, span.OperationName]);
            Assert.DoesNotContain(values, v => v is not null && (v.Contains(key, StringComparison.Ordinal) || (keyName is not null && v.Contains(keyName, StringComparison.Ordinal))));
        }
    }
}
