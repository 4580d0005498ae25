using Microsoft.Data.Sqlite;
using Rampart.Stores.Tests.Infrastructure;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Audit.Sqlite;

namespace Rampart.Stores.Tests.Audit;

/// <summary>The audit contract against a real SQLite file in a temporary folder.</summary>
public sealed class SqliteAuditStoreContractTests : AuditStoreContractTests
{
    protected override Task<IAuditHarness> OpenAsync() => Task.FromResult<IAuditHarness>(new Harness());

    private sealed class Harness : IAuditHarness
    {
        private readonly TempFolder _folder = new();

        public Harness() => AuditStore = new SqliteAuditStore(ConnectionString);

        private string ConnectionString => $"Data Source={_folder.File("audit.db")};Pooling=False";

        public IAuditStore AuditStore { get; }

        public IReadOnlyList<string> ForbiddenAdminLogStatements { get; } =
        [
            "UPDATE rampart_admin_log SET action = 'key.other' WHERE sequence = 1",
            "DELETE FROM rampart_admin_log WHERE sequence = 2",
            "DELETE FROM rampart_admin_log",
        ];

        public IAdminAuditLog OpenAdminLog(TimeProvider time) => new AdminAuditLog(new SqliteAdminLogStore(ConnectionString), time);

        public Task ExecuteAsync(string statement) => RunAsync([statement]);

        public Task TamperAsync(AdminLogEdit edit) => RunAsync(
        [
            "DROP TRIGGER rampart_admin_log_no_update",
            "DROP TRIGGER rampart_admin_log_no_delete",
            .. edit switch
            {
                AdminLogEdit.ChangeDetailsOf3 => (string[])["UPDATE rampart_admin_log SET details = 'name=other' WHERE sequence = 3"],
                AdminLogEdit.ChangeKeyIdOf5 => (string[])["UPDATE rampart_admin_log SET key_id = 'keyXXXXXXXXX' WHERE sequence = 5"],
                AdminLogEdit.MoveTimestampOf1 => (string[])["UPDATE rampart_admin_log SET timestamp_ms = timestamp_ms + 1 WHERE sequence = 1"],
                AdminLogEdit.Delete4 => (string[])["DELETE FROM rampart_admin_log WHERE sequence = 4"],
                AdminLogEdit.Delete2AndRenumber => (string[])["DELETE FROM rampart_admin_log WHERE sequence = 2", "UPDATE rampart_admin_log SET sequence = sequence - 1 WHERE sequence > 2"],
                AdminLogEdit.Swap3And4 => (string[])["UPDATE rampart_admin_log SET sequence = 1003 WHERE sequence = 3", "UPDATE rampart_admin_log SET sequence = 3 WHERE sequence = 4", "UPDATE rampart_admin_log SET sequence = 4 WHERE sequence = 1003"],
                AdminLogEdit.CutFrom5 => (string[])["DELETE FROM rampart_admin_log WHERE sequence >= 5"],
                _ => throw new ArgumentOutOfRangeException(nameof(edit)),
            },
        ]);

        private async Task RunAsync(IEnumerable<string> statements)
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            foreach (var statement in statements)
            {
                await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed statements written in this test.
                command.CommandText = statement;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }
        }

        public ValueTask DisposeAsync()
        {
            _folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
