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

/// <summary>The <c>Rampart</c> authentication scheme: API keys in, a principal with key claims out.</summary>
/// <remarks>
/// Implements <see cref="IAuthenticationHandler"/> directly rather than deriving from
/// <c>AuthenticationHandler&lt;TOptions&gt;</c>: a handler is made for every request, and the base
/// class would create a logger and read scheme options each time for features this scheme does not use.
/// </remarks>
internal sealed class ApiKeyAuthenticationHandler : IAuthenticationHandler
{
    private static readonly Exception[] Failures = Enum.GetValues<ApiKeyFailureReason>()
        .Select(reason => (Exception)new ApiKeyAuthenticationException(reason))
        .ToArray();

    private readonly ApiKeyVerifier _verifier;
    private readonly ApiKeyProblemWriter _problems;
    private readonly ApiKeyAuthenticationOptions _options;
    private readonly ILogger _events;
    private readonly RampartMetrics _metrics;
    private readonly FailedKeyThrottle _failedKeys;
    private readonly AlertMonitor _alerts;
    private readonly string? _sharedBearerPrefix;
    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;
    private Task<AuthenticateResult>? _result;

    public ApiKeyAuthenticationHandler(
        ApiKeyVerifier verifier,
        ApiKeyProblemWriter problems,
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
        _problems = problems;
        _options = options.Value.Authentication;
        _events = verifier.Events;
        _metrics = metrics;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    /// <summary>Authenticates once per request; later calls (authorization policies) get the same result.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= HandleAuthenticateAsync();

    /// <summary>
    /// Sets 401 (or 400, 503) and appends the challenge; the problem body is written once every
    /// challenged scheme has answered (<see cref="ChallengeCompositionMiddleware"/>).
    /// </summary>
    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        if (_context.Response.HasStarted)
        {
            // Another scheme or the endpoint already answered: adding to a started response would throw.
            return Task.CompletedTask;
        }

        var failure = _context.Features.Get<IApiKeyAuthenticationFeature>()?.Failure ?? ApiKeyFailureReason.Missing;
        if (failure == ApiKeyFailureReason.Missing)
        {
            AuthenticationLog.Rejected(_events, ApiKeyFailureReason.Missing, null, null);
            _metrics.Rejected(ApiKeyFailureDescription.For(ApiKeyFailureReason.Missing).Code);
            _alerts.Observe(ApiKeyFailureDescription.For(ApiKeyFailureReason.Missing).Code, null, null);
        }

        _problems.ApplyAuthenticationFailure(_context, failure);
        PendingChallenge.Set(_context, new PendingChallenge(_context.Response.StatusCode, failure));
        return Task.CompletedTask;
    }

    /// <summary>Forbidden by a policy other than scopes (those are answered by the scope result handler).</summary>
    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        if (!_context.Response.HasStarted)
        {
            _context.Response.StatusCode = StatusCodes.Status403Forbidden;
            PendingChallenge.Set(_context, new PendingChallenge(StatusCodes.Status403Forbidden, failure: null));
        }

        return Task.CompletedTask;
    }

    private async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var readFailure = ApiKeyCredentialReader.Read(_context.Request, _options, _sharedBearerPrefix, out var credential);
        if (readFailure is { } reason)
        {
            if (reason == ApiKeyFailureReason.Missing)
            {
                return AuthenticateResult.NoResult();
            }

            return Fail(reason, null);
        }

        var request = Activity.Current;
        var started = TimeProvider.System.GetTimestamp();
        ApiKeyVerification verification;
        using (var span = RampartTelemetry.StartVerifyKey())
        {
            verification = await _verifier.VerifyAsync(credential!, _context.RequestAborted).ConfigureAwait(false);
            span?.SetTag(RampartTelemetry.ErrorTypeTag, verification.Succeeded ? null : ApiKeyFailureDescription.For(verification.Failure!.Value).Code);
        }

        _metrics.KeyVerified(TimeProvider.System.GetElapsedTime(started), verification.Succeeded);
        if (!verification.Succeeded)
        {
            return Fail(verification.Failure!.Value, verification.Record);
        }

        var record = verification.Record;
        _context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(null, record));
        AuthenticationLog.KeyAuthenticated(_events, record.Id, record.Name);
        RampartTelemetry.Authenticated(request, record);
        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(record), _scheme.Name));
    }

    private AuthenticateResult Fail(ApiKeyFailureReason reason, ApiKeyRecord? record)
    {
        _context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(reason, record));
        AuthenticationLog.Rejected(_events, reason, record?.Id, record?.Name);
        _metrics.Rejected(ApiKeyFailureDescription.For(reason).Code);

        // The key is named only when its secret verified (expired, revoked, rotated): ids in forged keys are anyone's.
        _alerts.Observe(ApiKeyFailureDescription.For(reason).Code, record?.Organization, record?.Id);
        if (reason != ApiKeyFailureReason.StoreUnavailable)
        {
            // The caller's fault: counted against its address, which is refused before any store
            // lookup once it has failed too often.
            _failedKeys.RecordFailure(_context);
        }

        return AuthenticateResult.Fail(Failures[(int)reason]);
    }

    private ClaimsPrincipal CreatePrincipal(ApiKeyRecord record)
    {
        var identity = new ClaimsIdentity(_scheme.Name, RampartClaimTypes.KeyName, roleType: null);
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

/// <summary>Carries the failure reason to code that inspects <see cref="AuthenticateResult.Failure"/>. Its message never holds the key.</summary>
public sealed class ApiKeyAuthenticationException : Exception
{
    internal ApiKeyAuthenticationException(ApiKeyFailureReason reason)
        : base($"API key authentication failed: {ApiKeyFailureDescription.For(reason).Code}.")
    {
        Reason = reason;
    }

    /// <summary>Why the key was refused.</summary>
    public ApiKeyFailureReason Reason { get; }
}
