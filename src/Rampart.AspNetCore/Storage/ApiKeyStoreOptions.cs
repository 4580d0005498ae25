namespace Rampart.AspNetCore.Storage;

/// <summary>Where key records are kept (<c>Rampart:Store</c>).</summary>
/// <remarks>
/// The default is an embedded SQLite file, so an app keeps its keys across restarts with no set-up.
/// Apps running on several machines call <c>AddRampartPostgreSql</c>, which replaces the store whatever
/// <see cref="Provider"/> says.
/// </remarks>
public sealed class ApiKeyStoreOptions
{
    /// <summary>The built-in store to use. Default: <see cref="ApiKeyStoreProvider.Sqlite"/>.</summary>
    public ApiKeyStoreProvider Provider { get; set; } = ApiKeyStoreProvider.Sqlite;

    /// <summary>The embedded SQLite store (<c>Rampart:Store:Sqlite</c>).</summary>
    public SqliteStoreOptions Sqlite { get; } = new();
}

/// <summary>The built-in key stores.</summary>
public enum ApiKeyStoreProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite = 0,

    /// <summary>Process memory: for tests only, keys are lost on restart.</summary>
    InMemory = 1,
}

/// <summary>The embedded SQLite store (<c>Rampart:Store:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The default file name, created in the app's content root.</summary>
    public const string DefaultPath = "rampart-keys.db";

    /// <summary>
    /// The database file. A relative path is resolved against the app's content root. Default:
    /// <c>rampart-keys.db</c>. Keep the file out of source control and out of the web root; it holds
    /// salts and keyed hashes (never a key), useless without the pepper, but still private.
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// How long a command waits for another writer (another process on the same file) before failing.
    /// Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
