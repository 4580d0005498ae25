using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>The <c>Rampart</c> authentication scheme: API keys in, a principal with key claims out.</summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private static readonly Exception[] Failures = Enum.GetValues<ApiKeyFailureReason>()
        .Select(reason => (Exception)new ApiKeyAuthenticationException(reason))
        .ToArray();

    private readonly ApiKeyVerifier _verifier;
    private readonly ApiKeyProblemWriter _problems;
    private readonly ApiKeyAuthenticationOptions _options;
    private readonly ILogger _events;
    private readonly RampartMetrics _metrics;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
        ILoggerFactory loggerFactory,
        UrlEncoder encoder,
        ApiKeyVerifier verifier,
        ApiKeyProblemWriter problems,
        IOptions<RampartOptions> options,
        RampartMetrics metrics)
        : base(schemeOptions, loggerFactory, encoder)
    {
        _verifier = verifier;
        _problems = problems;
        _options = options.Value.Authentication;
        // Handlers are made per request: reuse the verifier's logger rather than create one each time.
        _events = verifier.Events;
        _metrics = metrics;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var readFailure = ApiKeyCredentialReader.Read(Request, _options, out var credential);
        if (readFailure is { } reason)
        {
            if (reason == ApiKeyFailureReason.Missing)
            {
                return AuthenticateResult.NoResult();
            }

            return Fail(reason, null);
        }

        var started = TimeProvider.System.GetTimestamp();
        var verification = await _verifier.VerifyAsync(credential!, Context.RequestAborted).ConfigureAwait(false);
        _metrics.KeyVerified(TimeProvider.System.GetElapsedTime(started), verification.Succeeded);
        if (!verification.Succeeded)
        {
            return Fail(verification.Failure!.Value, verification.Record);
        }

        var record = verification.Record;
        Context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(null, record));
        AuthenticationLog.KeyAuthenticated(_events, record.Id, record.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(record), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<IApiKeyAuthenticationFeature>()?.Failure ?? ApiKeyFailureReason.Missing;
        if (failure == ApiKeyFailureReason.Missing)
        {
            AuthenticationLog.Rejected(_events, ApiKeyFailureReason.Missing, null, null);
            _metrics.Rejected(ApiKeyFailureDescription.For(ApiKeyFailureReason.Missing).Code);
        }

        return _problems.WriteAuthenticationFailureAsync(Context, failure);
    }

    private AuthenticateResult Fail(ApiKeyFailureReason reason, ApiKeyRecord? record)
    {
        Context.Features.Set<IApiKeyAuthenticationFeature>(new ApiKeyAuthenticationFeature(reason, record));
        AuthenticationLog.Rejected(_events, reason, record?.Id, record?.Name);
        _metrics.Rejected(ApiKeyFailureDescription.For(reason).Code);
        return AuthenticateResult.Fail(Failures[(int)reason]);
    }

    private ClaimsPrincipal CreatePrincipal(ApiKeyRecord record)
    {
        var claims = new List<Claim>(6 + record.Scopes.Count)
        {
            new(RampartClaimTypes.KeyId, record.Id),
            new(RampartClaimTypes.KeyName, record.Name),
            new(RampartClaimTypes.Owner, record.Owner),
            new(RampartClaimTypes.Organization, record.Organization),
            new(RampartClaimTypes.Environment, ApiKeyParser.EnvironmentText(record.Environment)),
        };
        if (record.Tier is not null)
        {
            claims.Add(new(RampartClaimTypes.Tier, record.Tier));
        }

        foreach (var scope in record.Scopes)
        {
            claims.Add(new(RampartClaimTypes.Scope, scope));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, RampartClaimTypes.KeyName, roleType: null);
        return new ClaimsPrincipal(identity);
    }
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
