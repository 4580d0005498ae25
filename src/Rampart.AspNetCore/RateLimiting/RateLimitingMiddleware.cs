using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Runs after authentication and before authorization. Requests without a Rampart principal pass
/// untouched (authorization answers them); the others are counted against every policy of their key
/// and organisation and carry the <c>RateLimit-Policy</c> and <c>RateLimit</c> fields.
/// </summary>
internal sealed class RateLimitingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RateLimitPolicyResolver _policies;
    private readonly IRampartRateLimiter _limiter;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger _logger;

    public RateLimitingMiddleware(RequestDelegate next, RateLimitPolicyResolver policies, IRampartRateLimiter limiter, RateLimitMetrics metrics, ILoggerFactory loggers)
    {
        _next = next;
        _policies = policies;
        _limiter = limiter;
        _metrics = metrics;
        _logger = loggers.CreateLogger(AuthenticationLog.Category);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_policies.Enabled
            || context.User.Identity is not { IsAuthenticated: true, AuthenticationType: RampartDefaults.AuthenticationScheme })
        {
            return _next(context);
        }

        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<ExemptFromRateLimitsAttribute>() is not null)
        {
            return _next(context);
        }

        var claims = KeyClaims.From(context.User);
        if (claims.KeyId is not { } keyId)
        {
            return _next(context);
        }

        var cost = metadata?.GetMetadata<RateLimitCostAttribute>()?.Cost ?? 1;
        var (keyPolicies, organizationPolicies) = _policies.Resolve(keyId, claims.Tier, claims.Organization);
        var subject = new RateLimitSubject(keyId, claims.Organization, keyPolicies, organizationPolicies, cost);

        var pending = _limiter.AcquireAsync(subject, context.RequestAborted);
        return pending.IsCompletedSuccessfully
            ? Continue(context, subject, pending.Result)
            : AwaitAndContinue(context, subject, pending);
    }

    private async Task AwaitAndContinue(HttpContext context, RateLimitSubject subject, ValueTask<RateLimitDecision> pending)
        => await Continue(context, subject, await pending.ConfigureAwait(false)).ConfigureAwait(false);

    private Task Continue(HttpContext context, RateLimitSubject subject, RateLimitDecision decision)
    {
        var headers = context.Response.Headers;
        if (decision.Outcome != RateLimitOutcome.Unavailable && decision.Outcome != RateLimitOutcome.AdmittedUnchecked)
        {
            headers[RateLimitHeaders.PolicyHeaderName] = RateLimitHeaders.Policy(subject.KeyPolicies, subject.OrganizationPolicies);
            if (decision.Closest is { } closest)
            {
                headers[RateLimitHeaders.RateLimitHeaderName] = RateLimitHeaders.RateLimit(closest, decision.Remaining, decision.ResetSeconds);
            }
        }

        if (decision.IsAdmitted)
        {
            return _next(context);
        }

        var keyName = KeyClaims.From(context.User).KeyName;
        switch (decision.Outcome)
        {
            case RateLimitOutcome.QuotaExhausted:
                RateLimitLog.QuotaExhausted(_logger, subject.KeyId, keyName, subject.Organization, Names(decision), decision.RetryAfterSeconds);
                _metrics.Rejected("quota_exhausted", decision.Closest?.Name);
                break;
            case RateLimitOutcome.Unavailable:
                RateLimitLog.Unavailable(_logger, subject.KeyId, keyName);
                _metrics.Rejected("unavailable", null);
                break;
            default:
                RateLimitLog.RateLimited(_logger, subject.KeyId, keyName, subject.Organization, Names(decision), decision.RetryAfterSeconds);
                _metrics.Rejected("rate_limited", decision.Closest?.Name);
                break;
        }

        return RateLimitProblemWriter.WriteAsync(context, decision);
    }

    private static string Names(RateLimitDecision decision)
        => decision.Violated is null ? string.Empty : string.Join(", ", decision.Violated.Select(p => p.Name));
}
