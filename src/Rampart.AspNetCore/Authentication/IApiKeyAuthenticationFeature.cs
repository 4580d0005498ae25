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

internal sealed class ApiKeyAuthenticationFeature(ApiKeyFailureReason? failure, ApiKeyRecord? record) : IApiKeyAuthenticationFeature
{
    public ApiKeyFailureReason? Failure { get; } = failure;

    public ApiKeyRecord? Record { get; } = record;

    /// <summary>The scheme's result for this request, so it is reached once however many times it is asked for.</summary>
    public AuthenticateResult? Result { get; init; }
}
