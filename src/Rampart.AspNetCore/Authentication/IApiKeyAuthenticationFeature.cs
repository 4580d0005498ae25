using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>What API-key authentication concluded for the current request.</summary>
public interface IApiKeyAuthenticationFeature
{
    /// <summary>Why the key was refused; <see langword="null"/> when it was accepted.</summary>
    ApiKeyFailureReason? Failure { get; }

    /// <summary>The key's record when its secret verified (accepted, or expired, revoked or rotated).</summary>
    ApiKeyRecord? Record { get; }
}

internal sealed class ApiKeyAuthenticationFeature : IApiKeyAuthenticationFeature
{
    private readonly string? _scheme;
    private AuthenticateResult? _result;

    /// <summary>A refused key, with the scheme's failed result.</summary>
    public ApiKeyAuthenticationFeature(ApiKeyFailureReason failure, ApiKeyRecord? record, AuthenticateResult result)
    {
        Failure = failure;
        Record = record;
        _result = result;
    }

    /// <summary>An accepted key and its principal.</summary>
    public ApiKeyAuthenticationFeature(ApiKeyRecord record, ClaimsPrincipal principal, string scheme)
    {
        Record = record;
        Principal = principal;
        _scheme = scheme;
    }

    public ApiKeyFailureReason? Failure { get; }

    public ApiKeyRecord? Record { get; }

    /// <summary>The accepted key's principal; <see langword="null"/> when the key was refused.</summary>
    public ClaimsPrincipal? Principal { get; }

    /// <summary>
    /// The scheme's result for this request, so it is reached once however many times it is asked for.
    /// An accepted key's result (its ticket and properties) is made when first asked for: a request
    /// judged in one step usually never asks, and then the four objects are not made at all.
    /// </summary>
    public AuthenticateResult Result
        => _result ?? Interlocked.CompareExchange(ref _result, AuthenticateResult.Success(new AuthenticationTicket(Principal!, _scheme!)), null) ?? _result;
}
