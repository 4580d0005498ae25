using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Management;

/// <summary>An audit trail of key management through the admin endpoints and the command line. Keys appear by id and name only.</summary>
internal static partial class ManagementLog
{
    public const string Category = "Rampart.Management";

    [LoggerMessage(3101, LogLevel.Information, "Key {KeyId} ({KeyName}) created by {Actor}.", EventName = "KeyCreated")]
    public static partial void Created(ILogger logger, string keyId, string keyName, string actor);

    [LoggerMessage(3102, LogLevel.Information, "Key {KeyId} ({KeyName}) revoked by {Actor}.", EventName = "KeyRevoked")]
    public static partial void Revoked(ILogger logger, string keyId, string keyName, string actor);

    [LoggerMessage(3103, LogLevel.Information, "Key {KeyId} ({KeyName}) rotated to {ReplacementId} by {Actor}; the old key works until {GraceEnds}.", EventName = "KeyRotated")]
    public static partial void Rotated(ILogger logger, string keyId, string keyName, string replacementId, DateTimeOffset? graceEnds, string actor);

    [LoggerMessage(3104, LogLevel.Information, "Key {KeyId} ({KeyName}) updated by {Actor}.", EventName = "KeyUpdated")]
    public static partial void Updated(ILogger logger, string keyId, string keyName, string actor);

    [LoggerMessage(3105, LogLevel.Information, "Key management request refused ({Code}) for {Actor}: {Detail}", EventName = "KeyManagementRefused")]
    public static partial void Refused(ILogger logger, string code, string actor, string detail);

    [LoggerMessage(3106, LogLevel.Warning, "Counting keys per hash scheme and pepper version failed; the rampart.keys.hashed gauge keeps its last value.", EventName = "KeyHashCountFailed")]
    public static partial void HashCountFailed(ILogger logger, Exception exception);
}
