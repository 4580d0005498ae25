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

    /// <summary>The scheme's result for the request: <see cref="AuthenticateResult.NoResult"/> when it carries no key.</summary>
    public async Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string scheme)
        => await AuthenticateKeyAsync(context, scheme).ConfigureAwait(false) is { } key ? key.Result : AuthenticateResult.NoResult();

    /// <summary>
    /// What the request's key came to, also set as its <see cref="IApiKeyAuthenticationFeature"/>;
    /// <see langword="null"/> when it carries none. Completes without allocating a task when the
    /// record is cached.
    /// </summary>
    public async ValueTask<ApiKeyAuthenticationFeature?> AuthenticateKeyAsync(HttpContext context, string scheme)
    {
        var readFailure = ApiKeyCredentialReader.Read(context.Request, _options, _sharedBearerPrefix, out var credential);
        if (readFailure is { } reason)
        {
            if (reason == ApiKeyFailureReason.Missing)
            {
                return null;
            }

            return Fail(context, reason, null);
        }

        var request = Activity.Current;
        var started = TimeProvider.System.GetTimestamp();
        ApiKeyVerification verification;
        using (var span = RampartTelemetry.StartVerifyKey())
        {
            verification = await _verifier.VerifyAsync(credential, context.RequestAborted).ConfigureAwait(false);
            if (!verification.Succeeded)
            {
                // Only on failure: setting a tag, even to null, gives the span its tag list.
                span?.SetTag(RampartTelemetry.ErrorTypeTag, ApiKeyFailureDescription.For(verification.Failure!.Value).Code);
            }
        }

        _metrics.KeyVerified(TimeProvider.System.GetElapsedTime(started), verification.Succeeded);
        if (!verification.Succeeded)
        {
            return Fail(context, verification.Failure!.Value, verification.Record);
        }

        var record = verification.Record!;
        var key = new ApiKeyAuthenticationFeature(record, KeyPrincipals.For(record, scheme), scheme);
        context.Features.Set<IApiKeyAuthenticationFeature>(key);
        AuthenticationLog.KeyAuthenticated(_events, record.Id, record.Name);
        RampartTelemetry.Authenticated(request, record);
        return key;
    }

    private ApiKeyAuthenticationFeature Fail(HttpContext context, ApiKeyFailureReason reason, ApiKeyRecord? record)
    {
        var key = new ApiKeyAuthenticationFeature(reason, record, AuthenticateResult.Fail(Failures[(int)reason]));
        context.Features.Set<IApiKeyAuthenticationFeature>(key);
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

        return key;
    }
}
