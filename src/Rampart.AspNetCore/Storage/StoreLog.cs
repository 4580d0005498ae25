using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Storage;

/// <summary>Key-store events (schema migrations, change notifications). Keys appear by id only.</summary>
internal static partial class StoreLog
{
    public const string Category = "Rampart.Storage";

    [LoggerMessage(3001, LogLevel.Information, "Key store schema migrated from version {From} to {To} ({Store}).", EventName = "KeyStoreMigrated")]
    public static partial void Migrated(ILogger logger, string store, int from, int to);

    [LoggerMessage(3002, LogLevel.Debug, "Key store schema is at version {Version} ({Store}).", EventName = "KeyStoreSchemaCurrent")]
    public static partial void SchemaCurrent(ILogger logger, string store, int version);

    [LoggerMessage(3003, LogLevel.Debug, "Key {KeyId} changed on another instance; dropped from this instance's cache.", EventName = "KeyChangeReceived")]
    public static partial void ChangeReceived(ILogger logger, string keyId);

    [LoggerMessage(3004, LogLevel.Warning, "Listening for key changes failed; retrying in {Delay}. Until then, other instances' changes reach this one within the cache time-to-live.", EventName = "KeyChangeListenerFailed")]
    public static partial void ListenerFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(3005, LogLevel.Information, "Listening for key changes on channel {Channel}; this instance's cache was cleared.", EventName = "KeyChangeListenerStarted")]
    public static partial void ListenerStarted(ILogger logger, string channel);

    [LoggerMessage(3006, LogLevel.Warning, "Announcing a change of key {KeyId} to other instances failed; they pick it up within the cache time-to-live.", EventName = "KeyChangePublishFailed")]
    public static partial void PublishFailed(ILogger logger, string keyId, Exception exception);
}
