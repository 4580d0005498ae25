using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.Stores.Tests.Contract;

namespace Rampart.Stores.Tests.Sqlite;

/// <summary>The SQLite key store fails loudly, as unavailable, instead of quietly starting over.</summary>
public sealed class SqliteStoreFaultTests
{
    [Fact]
    public async Task A_deleted_database_file_is_an_outage_not_a_new_empty_store()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        using var store = new SqliteApiKeyStore(path);
        var record = Records.New();
        await store.CreateAsync(record);
        SqliteConnection.ClearAllPools();

        File.Delete(path);

        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.FindAsync(record.Id));
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.CreateAsync(Records.New()));
        Assert.False(File.Exists(path), "The store created a new, empty database in place of the deleted one.");
    }
}
