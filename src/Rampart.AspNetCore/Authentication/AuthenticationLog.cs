using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Authentication-layer events, in their own category so they can be watched and alerted on.
/// Keys appear by id and name only, never by value.
/// </summary>
internal static partial class AuthenticationLog
{
    public const string Category = "Rampart.Authentication";

    [LoggerMessage(1001, LogLevel.Information, "API key rejected: {Reason}. Key id: {KeyId}, name: {KeyName}.", EventName = "ApiKeyRejected")]
    public static partial void KeyRejected(ILogger logger, string reason, string? keyId, string? keyName);

    [LoggerMessage(1002, LogLevel.Debug, "API key {KeyId} ({KeyName}) authenticated.", EventName = "ApiKeyAuthenticated")]
    public static partial void KeyAuthenticated(ILogger logger, string keyId, string keyName);

    [LoggerMessage(1003, LogLevel.Information, "Missing scope for key {KeyId} ({KeyName}): requires {RequiredScopes}.", EventName = "ApiKeyScopeMissing")]
    public static partial void ScopeMissing(ILogger logger, string? keyId, string? keyName, string requiredScopes);

    [LoggerMessage(1004, LogLevel.Error, "The key store failed while looking up key {KeyId}; the request was refused with 503.", EventName = "ApiKeyStoreUnavailable")]
    public static partial void KeyStoreUnavailable(ILogger logger, string keyId, Exception exception);

    [LoggerMessage(1005, LogLevel.Error, "Key {KeyId} is hashed under pepper version {PepperVersion}, which is not configured; it cannot verify.", EventName = "ApiKeyPepperVersionMissing")]
    public static partial void PepperVersionMissing(ILogger logger, string keyId, int pepperVersion);

    [LoggerMessage(1006, LogLevel.Warning, "Writing last-used times of {Count} keys failed; they will be retried.", EventName = "ApiKeyLastUsedFlushFailed")]
    public static partial void LastUsedFlushFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1007, LogLevel.Information, "Key {KeyId} re-hashed from scheme {FromHashVersion} under pepper {FromPepperVersion} to scheme {ToHashVersion} under pepper {ToPepperVersion}.", EventName = "ApiKeyRehashed")]
    public static partial void KeyRehashed(ILogger logger, string keyId, int fromHashVersion, int fromPepperVersion, int toHashVersion, int toPepperVersion);

    [LoggerMessage(1008, LogLevel.Warning, "Re-hashing key {KeyId} failed; it keeps its current hash and is tried again when it next verifies.", EventName = "ApiKeyRehashFailed")]
    public static partial void RehashFailed(ILogger logger, string keyId, Exception exception);
}
