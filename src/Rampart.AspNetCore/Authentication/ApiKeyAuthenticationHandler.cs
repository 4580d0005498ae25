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
/// The verification itself is <see cref="ApiKeyAuthenticator"/>'s, shared with the one-step path.
/// </remarks>
internal sealed class ApiKeyAuthenticationHandler : IAuthenticationHandler
{
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly ApiKeyProblemWriter _problems;
    private readonly ILogger _events;
    private readonly RampartMetrics _metrics;
    private readonly AlertMonitor _alerts;
    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;
    private Task<AuthenticateResult>? _result;

    public ApiKeyAuthenticationHandler(
        ApiKeyAuthenticator authenticator,
        ApiKeyVerifier verifier,
        ApiKeyProblemWriter problems,
        RampartMetrics metrics,
        AlertMonitor alerts)
    {
        _authenticator = authenticator;
        _alerts = alerts;
        _problems = problems;
        _events = verifier.Events;
        _metrics = metrics;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Authenticates once per request; later calls (authorization policies) get the same result, and so
    /// does the framework's middleware when the one-step path judged the key first and handed the request on.
    /// </summary>
    public Task<AuthenticateResult> AuthenticateAsync()
        => _result ??= _context.Features.Get<IApiKeyAuthenticationFeature>() is ApiKeyAuthenticationFeature earlier
            ? Task.FromResult(earlier.Result)
            : _authenticator.AuthenticateAsync(_context, _scheme.Name);

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
