using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// One event id per rejection reason (1210–1219), so each can be counted and alerted on by id.
/// Reasons without their own id keep using <c>ApiKeyRejected</c> (1001).
/// </summary>
internal static partial class AuthenticationLog
{
    /// <summary>Logs a rejection under the event id of its reason.</summary>
    public static void Rejected(ILogger logger, ApiKeyFailureReason reason, string? keyId, string? keyName)
    {
        switch (reason)
        {
            case ApiKeyFailureReason.Missing:
                KeyMissing(logger);
                break;
            case ApiKeyFailureReason.Malformed:
                KeyMalformed(logger);
                break;
            case ApiKeyFailureReason.Unknown:
                KeyUnknown(logger);
                break;
            case ApiKeyFailureReason.Expired:
                KeyExpired(logger, keyId, keyName);
                break;
            case ApiKeyFailureReason.Revoked:
                KeyRevoked(logger, keyId, keyName);
                break;
            case ApiKeyFailureReason.WrongEnvironment:
                KeyWrongEnvironment(logger);
                break;
            case ApiKeyFailureReason.Rotated:
                KeyRotated(logger, keyId, keyName);
                break;
            case ApiKeyFailureReason.WrongPrefix:
                KeyWrongPrefix(logger);
                break;
            case ApiKeyFailureReason.MultipleCredentials:
                MultipleCredentials(logger);
                break;
            case ApiKeyFailureReason.QueryStringNotAllowed:
                KeyInQueryString(logger);
                break;
            default:
                KeyRejected(logger, ApiKeyFailureDescription.For(reason).Code, keyId, keyName);
                break;
        }
    }

    [LoggerMessage(1210, LogLevel.Information, "API key rejected: no credentials were presented.", EventName = "ApiKeyMissing")]
    public static partial void KeyMissing(ILogger logger);

    [LoggerMessage(1211, LogLevel.Information, "API key rejected: the credential is not a well-formed key or its checksum fails.", EventName = "ApiKeyMalformed")]
    public static partial void KeyMalformed(ILogger logger);

    [LoggerMessage(1212, LogLevel.Information, "API key rejected: unknown key or wrong secret.", EventName = "ApiKeyUnknown")]
    public static partial void KeyUnknown(ILogger logger);

    [LoggerMessage(1213, LogLevel.Information, "API key rejected: key {KeyId} ({KeyName}) has expired.", EventName = "ApiKeyExpired")]
    public static partial void KeyExpired(ILogger logger, string? keyId, string? keyName);

    [LoggerMessage(1214, LogLevel.Warning, "API key rejected: key {KeyId} ({KeyName}) is revoked.", EventName = "ApiKeyRevoked")]
    public static partial void KeyRevoked(ILogger logger, string? keyId, string? keyName);

    [LoggerMessage(1215, LogLevel.Warning, "API key rejected: a key of the other environment was presented.", EventName = "ApiKeyWrongEnvironment")]
    public static partial void KeyWrongEnvironment(ILogger logger);

    [LoggerMessage(1216, LogLevel.Information, "API key rejected: key {KeyId} ({KeyName}) was rotated and its grace period is over.", EventName = "ApiKeyRotated")]
    public static partial void KeyRotated(ILogger logger, string? keyId, string? keyName);

    [LoggerMessage(1217, LogLevel.Information, "API key rejected: the key was issued for another API (wrong prefix).", EventName = "ApiKeyWrongPrefix")]
    public static partial void KeyWrongPrefix(ILogger logger);

    [LoggerMessage(1218, LogLevel.Information, "API key rejected: more than one credential was presented.", EventName = "ApiKeyMultipleCredentials")]
    public static partial void MultipleCredentials(ILogger logger);

    [LoggerMessage(1219, LogLevel.Warning, "API key rejected: a key was sent in the query string.", EventName = "ApiKeyInQueryString")]
    public static partial void KeyInQueryString(ILogger logger);
}
