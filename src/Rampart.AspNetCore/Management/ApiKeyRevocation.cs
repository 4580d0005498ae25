using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>The outcome of <see cref="IApiKeyManager.TryRevokeAsync"/>.</summary>
/// <param name="Record">The key as it is now: revoked, whoever revoked it.</param>
/// <param name="Revoked">True when this call revoked it; false when it was revoked before (by anyone, on any instance).</param>
public sealed record ApiKeyRevocation(ApiKeyRecord Record, bool Revoked);
