using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Runs before authentication: a request that carries a key from a network over its failed-key
/// limit is answered 429 before the key is parsed or looked up. Other requests pass untouched.
/// </summary>
internal sealed class FailedKeyThrottleMiddleware
{
    private readonly RequestDelegate _next;
    private readonly FailedKeyThrottle _throttle;
    private readonly RateLimitPolicyResolver _policies;
    private readonly AuthenticationComposition _composition;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Rampart.AspNetCore.Incidents.Alerts.AlertMonitor _alerts;

    public FailedKeyThrottleMiddleware(
        RequestDelegate next,
        FailedKeyThrottle throttle,
        RateLimitPolicyResolver policies,
        AuthenticationComposition composition,
        RateLimitMetrics metrics,
        ILoggerFactory loggers,
        Rampart.AspNetCore.Incidents.Alerts.AlertMonitor alerts)
    {
        _alerts = alerts;
        _next = next;
        _throttle = throttle;
        _policies = policies;
        _composition = composition;
        _metrics = metrics;
        _logger = loggers.CreateLogger(AuthenticationLog.Category);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_policies.Enabled || _throttle.NetworkCount == 0 || !_composition.CarriesKey(context.Request))
        {
            return _next(context);
        }

        var decision = _throttle.Check(context);
        if (decision.IsAdmitted)
        {
            return _next(context);
        }

        var policies = _policies.FailedKeys;
        context.Response.Headers[RateLimitHeaders.PolicyHeaderName] = policies.PolicyHeader;
        if (decision.Closest is { } closest)
        {
            context.Response.Headers[RateLimitHeaders.RateLimitHeaderName] = RateLimitHeaders.RateLimit(closest, decision.Remaining, decision.ResetSeconds);
        }

        RateLimitLog.FailedKeysLimited(_logger, decision.RetryAfterSeconds);
        _metrics.Rejected("failed_keys", decision.Closest?.Name);
        _alerts.Observe("failed_keys", null, null);
        return RateLimitProblemWriter.WriteAsync(context, decision);
    }
}
