using Microsoft.Extensions.Logging;

namespace Rampart.PostgreSql;

/// <summary>PostgreSQL store events, in the <c>Rampart.Storage</c> category. Keys appear by id only.</summary>
internal static partial class PostgreSqlLog
{
    public const string Category = "Rampart.Storage";

    [LoggerMessage(3201, LogLevel.Information, "Key store schema {Schema} migrated from version {From} to {To} (postgresql).", EventName = "KeyStoreMigrated")]
    public static partial void Migrated(ILogger logger, string schema, int from, int to);

    [LoggerMessage(3202, LogLevel.Debug, "Key {KeyId} changed on another instance; dropped from this instance's cache.", EventName = "KeyChangeReceived")]
    public static partial void ChangeReceived(ILogger logger, string keyId);

    [LoggerMessage(3203, LogLevel.Warning, "Listening for key changes failed; retrying in {Delay}. Until then, other instances' changes reach this one within the cache time-to-live.", EventName = "KeyChangeListenerFailed")]
    public static partial void ListenerFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(3204, LogLevel.Information, "Listening for key changes on channel {Channel}; this instance's key cache was cleared.", EventName = "KeyChangeListenerStarted")]
    public static partial void ListenerStarted(ILogger logger, string channel);

    [LoggerMessage(3205, LogLevel.Warning, "Announcing a change of key {KeyId} to other instances failed; they pick it up within the cache time-to-live.", EventName = "KeyChangePublishFailed")]
    public static partial void PublishFailed(ILogger logger, string keyId, Exception exception);

    [LoggerMessage(3206, LogLevel.Warning, "This instance does not listen for key changes (ListenForChanges is off): a key revoked or changed on another instance is still accepted here for up to the cache time-to-live.", EventName = "KeyChangeListenerOff")]
    public static partial void ListenerOff(ILogger logger);
}
