using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Answers a missing scope with 403, <c>error="insufficient_scope"</c> and the scopes needed (RFC 6750 §3.1),
/// and a key of another organisation than the request names with 403 <c>organization_mismatch</c>.
/// Every other outcome goes to ASP.NET Core's default handling.
/// </summary>
internal sealed class ScopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ApiKeyProblemWriter _problems;
    private readonly ILogger _events;
    private readonly RampartMetrics _metrics;
    private readonly AlertMonitor _alerts;

    public ScopeAuthorizationResultHandler(ApiKeyProblemWriter problems, ILoggerFactory loggerFactory, RampartMetrics metrics, AlertMonitor alerts)
    {
        _alerts = alerts;
        _metrics = metrics;
        _problems = problems;
        _events = loggerFactory.CreateLogger(AuthenticationLog.Category);
    }

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure)
        {
            List<string>? missing = null;
            foreach (var requirement in failure.FailedRequirements)
            {
                if (requirement is ScopeRequirement scopes)
                {
                    missing ??= [];
                    missing.AddRange(scopes.Scopes.Where(s => !missing.Contains(s)));
                }
            }

            if (missing is not null)
            {
                var user = context.User;
                AuthenticationLog.ScopeMissing(
                    _events,
                    user.FindFirst(RampartClaimTypes.KeyId)?.Value,
                    user.FindFirst(RampartClaimTypes.KeyName)?.Value,
                    string.Join(' ', missing));
                _metrics.Rejected("insufficient_scope");
                _alerts.Observe("insufficient_scope", user.FindFirst(RampartClaimTypes.Organization)?.Value, user.FindFirst(RampartClaimTypes.KeyId)?.Value);
                return _problems.WriteInsufficientScopeAsync(context, missing);
            }

            if (failure.FailedRequirements.OfType<OrganizationRequirement>().FirstOrDefault() is { } organization)
            {
                var key = context.GetRampartKey();
                OrganizationMismatch.Log(_events, key?.Id, key?.Name, organization.Source);
                _metrics.Rejected(OrganizationMismatch.Code);
                _alerts.Observe(OrganizationMismatch.Code, key?.Organization, key?.Id);
                return OrganizationMismatch.WriteAsync(context);
            }
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
