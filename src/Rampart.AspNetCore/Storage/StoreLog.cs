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

    [LoggerMessage(3003, LogLevel.Warning, "The key store {Store} has no change notifier: if several instances share it, a key revoked or changed on one is still accepted by the others for up to {CacheTimeToLive} (Keys:CacheTimeToLive). Register an IApiKeyChangeNotifier, or lower the cache time-to-live.", EventName = "KeyStoreWithoutChangeNotifier")]
    public static partial void NoChangeNotifier(ILogger logger, string store, TimeSpan cacheTimeToLive);

    [LoggerMessage(3004, LogLevel.Information, "Key changes are not announced to other processes using the SQLite file; one that has the key cached accepts it for up to {CacheTimeToLive} after a revocation. Use one process per file, or PostgreSQL for several instances.", EventName = "SqliteRevocationBound")]
    public static partial void SqliteRevocationBound(ILogger logger, TimeSpan cacheTimeToLive);

    [LoggerMessage(3005, LogLevel.Error, "The SQLite key store is unavailable: {Problem} ({Path}, SQLite error {SqliteError}). Requests with keys not yet cached and key changes are refused with 503 until it is fixed.", EventName = "SqliteStoreFailed")]
    public static partial void SqliteStoreFailed(ILogger logger, string problem, string path, int sqliteError, Exception? exception);

    [LoggerMessage(3006, LogLevel.Information, "The SQLite key store answers again ({Path}).", EventName = "SqliteStoreRecovered")]
    public static partial void SqliteStoreRecovered(ILogger logger, string path);
}
