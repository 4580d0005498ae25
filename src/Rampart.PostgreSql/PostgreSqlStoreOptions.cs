namespace Rampart.PostgreSql;

/// <summary>The PostgreSQL key store (<c>Rampart:Store:PostgreSql</c>).</summary>
/// <remarks>
/// Every instance of the app points at the same database and schema. Changes made on one instance
/// are announced with <c>NOTIFY</c> on <see cref="Channel"/>; the others drop the key from their
/// caches as soon as the notification arrives (well under a second on a healthy network).
/// </remarks>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Rampart:Store:PostgreSql";

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=app;Username=app;Password=…</c>. Keep the
    /// password out of committed files (user-secrets, environment variables, a secret manager).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema holding the tables: lower-case letters, digits and <c>_</c>. Default: <c>rampart</c>.</summary>
    public string Schema { get; set; } = "rampart";

    /// <summary>Whether to LISTEN for other instances' changes and drop those keys from this instance's cache. Default: on.</summary>
    public bool ListenForChanges { get; set; } = true;

    /// <summary>How long to wait before reconnecting the change listener after it lost its connection. Default: 2 seconds.</summary>
    public TimeSpan ListenerReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The NOTIFY channel: the schema name followed by <c>_key_changes</c>.</summary>
    public string Channel => Schema + "_key_changes";

    internal static bool IsValidIdentifier(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= 40 && (name[0] is >= 'a' and <= 'z' or '_')
           && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');
}
