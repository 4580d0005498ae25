using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;

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
    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;
    private Task<AuthenticateResult>? _result;

    public ApiKeyAuthenticationHandler(ApiKeyVerifier verifier, ApiKeyProblemWriter problems, IOptions<RampartOptions> options, RampartMetrics metrics)
    {
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

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var failure = _context.Features.Get<IApiKeyAuthenticationFeature>()?.Failure ?? ApiKeyFailureReason.Missing;
        if (failure == ApiKeyFailureReason.Missing)
        {
            AuthenticationLog.Rejected(_events, ApiKeyFailureReason.Missing, null, null);
            _metrics.Rejected(ApiKeyFailureDescription.For(ApiKeyFailureReason.Missing).Code);
        }

        return _problems.WriteAuthenticationFailureAsync(_context, failure);
    }

    /// <summary>Forbidden by a policy other than scopes (those are answered by the scope result handler).</summary>
    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var readFailure = ApiKeyCredentialReader.Read(_context.Request, _options, out var credential);
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

        foreach (var scope in record.Scopes)
        {
            AddClaim(identity, RampartClaimTypes.Scope, scope);
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
