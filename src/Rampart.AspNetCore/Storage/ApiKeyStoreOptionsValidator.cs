namespace Rampart.AspNetCore.Storage;

/// <summary>Start-up checks of <c>Rampart:Store</c>.</summary>
internal static class ApiKeyStoreOptionsValidator
{
    public static void Validate(ApiKeyStoreOptions store, List<string> failures)
    {
        const string section = $"{RampartOptions.SectionName}:Store";
        if (!Enum.IsDefined(store.Provider))
        {
            failures.Add($"{section}:Provider must be Sqlite or InMemory.");
        }

        if (store.Provider == ApiKeyStoreProvider.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(store.Sqlite.Path) || store.Sqlite.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                failures.Add($"{section}:Sqlite:Path must be a file path (default '{SqliteStoreOptions.DefaultPath}').");
            }

            if (store.Sqlite.BusyTimeout < TimeSpan.FromMilliseconds(100) || store.Sqlite.BusyTimeout > TimeSpan.FromMinutes(5))
            {
                failures.Add($"{section}:Sqlite:BusyTimeout must be between 100 milliseconds and 5 minutes.");
            }
        }
    }
}
