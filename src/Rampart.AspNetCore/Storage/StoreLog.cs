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
}
