using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Reads and verifies the request's key, sets <see cref="IApiKeyAuthenticationFeature"/> and makes the
/// principal: the work of the <c>Rampart</c> scheme, shared by its handler and the one-step path.
/// One instance serves every request.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private static readonly Exception[] Failures = Enum.GetValues<ApiKeyFailureReason>()
        .Select(reason => (Exception)new ApiKeyAuthenticationException(reason))
        .ToArray();

    private readonly ApiKeyVerifier _verifier;
    private readonly ApiKeyAuthenticationOptions _options;
    private readonly ILogger _events;
    private readonly RampartMetrics _metrics;
    private readonly FailedKeyThrottle _failedKeys;
    private readonly AlertMonitor _alerts;
    private readonly string? _sharedBearerPrefix;

    public ApiKeyAuthenticator(
        ApiKeyVerifier verifier,
        IOptions<RampartOptions> options,
        RampartMetrics metrics,
        AuthenticationComposition composition,
        FailedKeyThrottle failedKeys,
        AlertMonitor alerts)
    {
        _alerts = alerts;
        _failedKeys = failedKeys;
        _sharedBearerPrefix = composition.SharedBearerPrefix;
        _verifier = verifier;
        _options = options.Value.Authentication;
        _events = verifier.Events;
        _metrics = metrics;
    }

    public async Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string scheme)
    {
        var readFailure = ApiKeyCredentialReader.Read(context.Request, _options, _sharedBearerPrefix, out var credential);
        if (readFailure is { } reason)
        {
            if (reason == ApiKeyFailureReason.Missing)
            {
                return AuthenticateResult.NoResult();
            }

            return Fail(context, reason, null);
        }

        var request = Activity.Current;
        var started = TimeProvider.System.GetTimestamp();
        ApiKeyVerification verification;
        using (var span = RampartTelemetry.StartVerifyKey())
        {
            verification = await _verifier.VerifyAsync(credential!, context.RequestAborted).ConfigureAwait(false);
            span?.SetTag(RampartTelemetry.ErrorTypeTag, verification.Succeeded ? null : ApiKeyFailureDescription.For(verification.Failure!.Value).Code);
        }

        _metrics.KeyVerified(TimeProvider.System.GetElapsedTime(started), verification.Succeeded);
        if (!verification.Succeeded)
        {
            return Fail(context, verification.Failure!.Value, verification.Record);
        }

        var record = verification.Record;
        var result = AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(record, scheme), scheme));
        context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(null, record) { Result = result });
        AuthenticationLog.KeyAuthenticated(_events, record.Id, record.Name);
        RampartTelemetry.Authenticated(request, record);
        return result;
    }

    private AuthenticateResult Fail(HttpContext context, ApiKeyFailureReason reason, ApiKeyRecord? record)
    {
        var result = AuthenticateResult.Fail(Failures[(int)reason]);
        context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(reason, record) { Result = result });
        AuthenticationLog.Rejected(_events, reason, record?.Id, record?.Name);
        _metrics.Rejected(ApiKeyFailureDescription.For(reason).Code);

        // The key is named only when its secret verified (expired, revoked, rotated): ids in forged keys are anyone's.
        _alerts.Observe(ApiKeyFailureDescription.For(reason).Code, record?.Organization, record?.Id);
        if (reason != ApiKeyFailureReason.StoreUnavailable)
        {
            // The caller's fault: counted against its address, which is refused before any store
            // lookup once it has failed too often.
            _failedKeys.RecordFailure(context);
        }

        return result;
    }

    private static ClaimsPrincipal CreatePrincipal(ApiKeyRecord record, string scheme)
    {
        var identity = new ClaimsIdentity(scheme, RampartClaimTypes.KeyName, roleType: null);
        AddClaim(identity, RampartClaimTypes.KeyId, record.Id);
        AddClaim(identity, RampartClaimTypes.KeyName, record.Name);
        AddClaim(identity, RampartClaimTypes.Owner, record.Owner);
        AddClaim(identity, RampartClaimTypes.Organization, record.Organization);
        AddClaim(identity, RampartClaimTypes.Environment, ApiKeyParser.EnvironmentText(record.Environment));
        if (record.Tier is not null)
        {
            AddClaim(identity, RampartClaimTypes.Tier, record.Tier);
        }

        foreach (var scope in record.EffectiveScopes ?? record.Scopes)
        {
            AddClaim(identity, RampartClaimTypes.Scope, scope);
        }

        foreach (var role in record.Roles)
        {
            AddClaim(identity, RampartClaimTypes.Role, role);
        }

        return new ClaimsPrincipal(identity);
    }

    // A claim made with its identity as subject is added as is; any other is cloned on the way in,
    // which would allocate every claim twice on every request.
    private static void AddClaim(ClaimsIdentity identity, string type, string value)
        => identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
}
