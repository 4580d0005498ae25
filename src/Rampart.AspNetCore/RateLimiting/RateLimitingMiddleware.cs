using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Runs after authentication and before authorization. Every request that carries a valid Rampart
/// key is counted against the policies of its key and organisation, whichever scheme is the
/// default: when the authentication middleware did not authenticate Rampart's scheme, this does
/// (the handler keeps its result for the request, so authorization does not verify again).
/// Requests of other schemes' principals, and anonymous ones, are counted when their optional
/// policies are configured. Limited responses carry <c>RateLimit-Policy</c> and <c>RateLimit</c>.
/// </summary>
internal sealed class RateLimitingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RateLimitPolicyResolver _policies;
    private readonly IRampartRateLimiter _limiter;
    private readonly RateLimitMetrics _metrics;
    private readonly AuthenticationComposition _composition;
    private readonly ClientAddressPseudonymizer _addresses;
    private readonly AlertMonitor _alerts;
    private readonly ILogger _logger;

    public RateLimitingMiddleware(
        RequestDelegate next,
        RateLimitPolicyResolver policies,
        IRampartRateLimiter limiter,
        RateLimitMetrics metrics,
        AuthenticationComposition composition,
        ClientAddressPseudonymizer addresses,
        ILoggerFactory loggers,
        AlertMonitor alerts)
    {
        _alerts = alerts;
        _next = next;
        _policies = policies;
        _limiter = limiter;
        _metrics = metrics;
        _composition = composition;
        _addresses = addresses;
        _logger = loggers.CreateLogger(AuthenticationLog.Category);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_policies.Enabled)
        {
            return _next(context);
        }

        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<ExemptFromRateLimitsAttribute>() is not null)
        {
            return _next(context);
        }

        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: RampartDefaults.AuthenticationScheme })
        {
            return LimitKey(context, context.User, metadata) ?? _next(context);
        }

        if (_composition.CarriesKey(context.Request) || _policies.Principals is not null || _policies.Anonymous is not null)
        {
            return LimitOthersAsync(context, metadata);
        }

        return _next(context);
    }

    /// <summary>Limits by key when <paramref name="user"/> holds one; null when it does not.</summary>
    private Task? LimitKey(HttpContext context, ClaimsPrincipal user, EndpointMetadataCollection? metadata)
    {
        var claims = KeyClaims.From(user);
        if (claims.KeyId is not { } keyId)
        {
            return null;
        }

        var (keyPolicies, organizationPolicies) = _policies.Resolve(keyId, claims.Tier, claims.Organization);
        var subject = new RateLimitSubject(keyId, claims.Organization, keyPolicies, organizationPolicies, Cost(metadata));
        return Acquire(context, subject, claims.KeyName);
    }

    private async Task LimitOthersAsync(HttpContext context, EndpointMetadataCollection? metadata)
    {
        if (_composition.CarriesKey(context.Request))
        {
            // Rampart is not the default scheme here: authenticate it now, before authorization.
            var result = await context.AuthenticateAsync(RampartDefaults.AuthenticationScheme).ConfigureAwait(false);
            if (result.Succeeded && LimitKey(context, result.Principal, metadata) is { } limited)
            {
                await limited.ConfigureAwait(false);
                return;
            }
        }

        if (_policies.Principals is { } principalPolicies && await SubjectOfAsync(context).ConfigureAwait(false) is { } principal)
        {
            await Acquire(context, new RateLimitSubject(principal, null, principalPolicies, null, Cost(metadata)), keyName: null).ConfigureAwait(false);
            return;
        }

        if (_policies.Anonymous is { } anonymousPolicies && !context.User.Identities.Any(i => i.IsAuthenticated))
        {
            var network = ClientNetwork.Of(context.Connection.RemoteIpAddress).ToAddress();
            var partition = "a:" + (_addresses.Pseudonymize(network) ?? "unknown");
            await Acquire(context, new RateLimitSubject(partition, null, anonymousPolicies, null, Cost(metadata)), keyName: null).ConfigureAwait(false);
            return;
        }

        await _next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The counter name of another scheme's principal: a hash of its identifying claim, so neither
    /// the claim's length nor its value reaches the limiter's store.
    /// </summary>
    private async Task<string?> SubjectOfAsync(HttpContext context)
    {
        var user = context.User;
        var (scheme, claimType) = _policies.PrincipalIdentity;
        if (!user.Identities.Any(i => i.IsAuthenticated) && scheme is not null)
        {
            var result = await context.AuthenticateAsync(scheme).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return null;
            }

            user = result.Principal;
        }

        var value = user.FindFirst(claimType)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var scope = user.Identity?.AuthenticationType ?? scheme ?? string.Empty;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + value));
        return "u:" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static long Cost(EndpointMetadataCollection? metadata) => metadata?.GetMetadata<RateLimitCostAttribute>()?.Cost ?? 1;

    private Task Acquire(HttpContext context, RateLimitSubject subject, string? keyName)
    {
        var pending = _limiter.AcquireAsync(subject, context.RequestAborted);
        return pending.IsCompletedSuccessfully
            ? Continue(context, subject, keyName, pending.Result)
            : AwaitAndContinue(context, subject, keyName, pending);
    }

    private async Task AwaitAndContinue(HttpContext context, RateLimitSubject subject, string? keyName, ValueTask<RateLimitDecision> pending)
        => await Continue(context, subject, keyName, await pending.ConfigureAwait(false)).ConfigureAwait(false);

    private Task Continue(HttpContext context, RateLimitSubject subject, string? keyName, RateLimitDecision decision)
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

        var isKey = subject.KeyPolicies.Policies.Length == 0 || subject.KeyPolicies.Policies[0].Scope == RateLimitScope.Key;
        switch (decision.Outcome)
        {
            case RateLimitOutcome.QuotaExhausted when isKey:
                RateLimitLog.QuotaExhausted(_logger, subject.KeyId, keyName, subject.Organization, Names(decision), decision.RetryAfterSeconds);
                _metrics.Rejected("quota_exhausted", decision.Closest?.Name);
                break;
            case RateLimitOutcome.Unavailable:
                RateLimitLog.Unavailable(_logger, subject.KeyId, keyName);
                _metrics.Rejected("unavailable", null);
                break;
            case var _ when isKey:
                RateLimitLog.RateLimited(_logger, subject.KeyId, keyName, subject.Organization, Names(decision), decision.RetryAfterSeconds);
                _metrics.Rejected("rate_limited", decision.Closest?.Name);
                break;
            default:
                // Principal and address counters are named by hashes and pseudonyms only.
                RateLimitLog.SubjectLimited(_logger, subject.KeyId, Names(decision), decision.RetryAfterSeconds);
                _metrics.Rejected(decision.Outcome == RateLimitOutcome.QuotaExhausted ? "quota_exhausted" : "rate_limited", decision.Closest?.Name);
                break;
        }

        // Only key subjects carry an organisation; other counters are named by hashes, not worth an alert of their own.
        var alertKey = subject.Organization is null ? null : subject.KeyId;
        var alertReason = decision.Outcome switch
        {
            RateLimitOutcome.Unavailable => AlertReasons.RateLimitStoreUnavailable,
            RateLimitOutcome.QuotaExhausted => "quota_exhausted",
            _ => "rate_limited",
        };
        _alerts.Observe(alertReason, subject.Organization, alertKey);
        return RateLimitProblemWriter.WriteAsync(context, decision);
    }

    private static string Names(RateLimitDecision decision)
        => decision.Violated is null ? string.Empty : string.Join(", ", decision.Violated.Select(p => p.Name));
}
