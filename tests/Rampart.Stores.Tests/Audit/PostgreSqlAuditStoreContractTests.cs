using Npgsql;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Infrastructure;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Rampart.Stores.Tests.Audit;

/// <summary>The audit contract against a real PostgreSQL server, one fresh schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditStoreContractTests(PostgresServer server) : AuditStoreContractTests
{
    protected override Task<IAuditHarness> OpenAsync() => Task.FromResult<IAuditHarness>(new Harness(server));

    private sealed class Harness : IAuditHarness
    {
        private readonly PostgresServer _server;
        private readonly string _schema = PostgresServer.NewSchema();
        private readonly List<PostgreSqlApiKeyStore> _databases = [];

        public Harness(PostgresServer server)
        {
            _server = server;
            AuditStore = new PostgreSqlAuditStore(OpenDatabase());
        }

        public IAuditStore AuditStore { get; }

        public IReadOnlyList<string> ForbiddenAdminLogStatements => [Sql("UPDATE {0}.admin_log SET action = 'key.other' WHERE sequence = 1"), Sql("DELETE FROM {0}.admin_log WHERE sequence = 2"), Sql("TRUNCATE {0}.admin_log")];

        // Every handle has its own data source, as separate instances of the app would.
        public IAdminAuditLog OpenAdminLog(TimeProvider time) => new AdminAuditLog(new PostgreSqlAdminLogStore(OpenDatabase()), time);

        public Task ExecuteAsync(string statement) => RunAsync([statement]);

        public Task TamperAsync(AdminLogEdit edit) => RunAsync(
        [
            Sql("ALTER TABLE {0}.admin_log DISABLE TRIGGER USER"),
            .. (edit switch
            {
                AdminLogEdit.ChangeDetailsOf3 => (string[])["UPDATE {0}.admin_log SET details = 'name=other' WHERE sequence = 3"],
                AdminLogEdit.ChangeKeyIdOf5 => (string[])["UPDATE {0}.admin_log SET key_id = 'keyXXXXXXXXX' WHERE sequence = 5"],
                AdminLogEdit.MoveTimestampOf1 => (string[])["UPDATE {0}.admin_log SET \"timestamp\" = \"timestamp\" + interval '1 millisecond' WHERE sequence = 1"],
                AdminLogEdit.Delete4 => (string[])["DELETE FROM {0}.admin_log WHERE sequence = 4"],
                AdminLogEdit.Delete2AndRenumber => (string[])["DELETE FROM {0}.admin_log WHERE sequence = 2", "UPDATE {0}.admin_log SET sequence = sequence - 1 WHERE sequence > 2"],
                AdminLogEdit.Swap3And4 => (string[])["UPDATE {0}.admin_log SET sequence = 1003 WHERE sequence = 3", "UPDATE {0}.admin_log SET sequence = 3 WHERE sequence = 4", "UPDATE {0}.admin_log SET sequence = 4 WHERE sequence = 1003"],
                AdminLogEdit.CutFrom5 => (string[])["DELETE FROM {0}.admin_log WHERE sequence >= 5"],
                _ => throw new ArgumentOutOfRangeException(nameof(edit)),
            }).Select(Sql),
        ]);

        private PostgreSqlApiKeyStore OpenDatabase()
        {
            var database = new PostgreSqlApiKeyStore(new PostgreSqlStoreOptions { ConnectionString = _server.ConnectionString, Schema = _schema });
            lock (_databases)
            {
                _databases.Add(database);
            }

            return database;
        }

        private string Sql(string statement) => string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, $"\"{_schema}\"");

        private async Task RunAsync(IEnumerable<string> statements)
        {
            await using var dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
            foreach (var statement in statements)
            {
#pragma warning disable CA2100 // Fixed statements written in this test.
                await using var command = dataSource.CreateCommand(statement);
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var database in _databases)
            {
                await database.DisposeAsync();
            }

            await _server.DropSchemaAsync(_schema);
        }
    }
}
