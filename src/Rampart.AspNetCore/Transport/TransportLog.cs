using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Transport;

/// <summary>
/// Transport events. Exposed keys are authentication-layer events (category
/// <c>Rampart.Authentication</c>, so one alert covers every key incident); start-up posture goes
/// to <c>Rampart.Posture</c>. Keys appear by id and name only, never by value.
/// </summary>
internal static partial class TransportLog
{
    public const string PostureCategory = "Rampart.Posture";

    [LoggerMessage(1300, LogLevel.Warning, "API key {KeyId} ({KeyName}) was sent over plain HTTP and has been revoked. The request was refused.", EventName = "ApiKeyExposedOverHttpRevoked")]
    public static partial void KeyExposedAndRevoked(ILogger logger, string keyId, string keyName);

    [LoggerMessage(1301, LogLevel.Warning, "API key {KeyId} ({KeyName}) was sent over plain HTTP; revocation on exposure is switched off, so it stays valid. Rotate it.", EventName = "ApiKeyExposedOverHttp")]
    public static partial void KeyExposedNotRevoked(ILogger logger, string keyId, string keyName);

    [LoggerMessage(1302, LogLevel.Error, "API key {KeyId} ({KeyName}) was sent over plain HTTP but revoking it failed. Revoke it by hand.", EventName = "ApiKeyExposedRevocationFailed")]
    public static partial void KeyExposedRevocationFailed(ILogger logger, string keyId, string keyName, Exception exception);

    [LoggerMessage(1303, LogLevel.Warning, "A well-formed API key was sent over plain HTTP, but the key store was unavailable so it could not be checked or revoked.", EventName = "ApiKeyExposedUnchecked")]
    public static partial void KeyExposedUnchecked(ILogger logger);

    [LoggerMessage(1304, LogLevel.Information, "API key {KeyId} ({KeyName}) was sent over plain HTTP; it was already unusable ({State}).", EventName = "ApiKeyExposedAlreadyUnusable")]
    public static partial void KeyExposedAlreadyUnusable(ILogger logger, string keyId, string keyName, string state);

    [LoggerMessage(1310, LogLevel.Debug, "Plain-HTTP request to {Path} refused: this API is served over HTTPS only.", EventName = "HttpsRequired")]
    public static partial void HttpsRequired(ILogger logger, string path);

    [LoggerMessage(1311, LogLevel.Debug, "Plain-HTTP request to {Path} redirected to HTTPS.", EventName = "HttpsRedirected")]
    public static partial void HttpsRedirected(ILogger logger, string path);

    [LoggerMessage(1320, LogLevel.Information, "Rampart security posture ({Environment}):\n{Summary}", EventName = "SecurityPosture")]
    public static partial void Posture(ILogger logger, string environment, string summary);

    [LoggerMessage(1321, LogLevel.Warning, "Dangerous setting (allowed in Development only): {Finding}", EventName = "SecurityPostureWarning")]
    public static partial void PostureWarning(ILogger logger, string finding);

    [LoggerMessage(1322, LogLevel.Critical, "Rampart refuses to start in {Environment}: {Findings}", EventName = "SecurityPostureRefused")]
    public static partial void PostureRefused(ILogger logger, string environment, string findings);

    [LoggerMessage(1323, LogLevel.Warning, "Rampart start-up check: {Finding}", EventName = "SecurityPostureAdvice")]
    public static partial void PostureAdvice(ILogger logger, string finding);
}
