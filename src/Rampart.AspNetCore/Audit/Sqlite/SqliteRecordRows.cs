using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Rampart.AspNetCore.Audit.Sqlite;

/// <summary>
/// Inserts audit rows through one statement bound with SQLite's own calls. The provider's parameters
/// make a binder object for every value and a UTF-8 copy of every text on every row, which under
/// load the writer pays once per request; here each text is bound from the record's own string
/// (SQLite copies it) and numbers are bound as numbers, so a row allocates nothing.
/// </summary>
internal static class SqliteRecordRows
{
    // A NUL-terminated empty text: an empty span would be bound as a null pointer, which SQLite stores as NULL.
    private static readonly byte[] EmptyText = [0];

    /// <summary>
    /// Runs <paramref name="insertSql"/> (parameters: the time, then <see cref="AuditColumns.Record"/>
    /// in order) once per record, on <paramref name="connection"/> inside the caller's transaction.
    /// </summary>
    public static void Insert(SqliteConnection connection, string insertSql, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The audit database connection is not open.");
        Check(raw.sqlite3_prepare_v2(database, insertSql, out var statement), database);
        using (statement)
        {
            for (var i = 0; i < records.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = records[i];
                Check(raw.sqlite3_bind_int64(statement, 1, record.Timestamp.ToUnixTimeMilliseconds()), database);
                Check(raw.sqlite3_bind_int64(statement, 2, record.StatusCode), database);
                Check(raw.sqlite3_bind_double(statement, 3, record.DurationMs), database);
                BindText(statement, 4, record.Method, database);
                BindText(statement, 5, record.Path, database);
                BindText(statement, 6, record.RequestId, database);
                BindText(statement, 7, record.TraceId, database);
                BindText(statement, 8, record.Route, database);
                BindText(statement, 9, record.Query, database);
                BindText(statement, 10, record.KeyId, database);
                BindText(statement, 11, record.KeyName, database);
                BindText(statement, 12, record.Organization, database);
                BindText(statement, 13, record.Environment, database);
                BindText(statement, 14, record.Client, database);
                BindText(statement, 15, record.UserAgent, database);
                BindText(statement, 16, record.Headers, database);
                BindText(statement, 17, record.Body, database);

                var stepped = raw.sqlite3_step(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(stepped, database);
                    throw new SqliteException("The audit record was not inserted.", stepped);
                }

                Check(raw.sqlite3_reset(statement), database);
            }
        }
    }

    private static void BindText(sqlite3_stmt statement, int index, string? value, sqlite3 database)
        => Check(
            value is null ? raw.sqlite3_bind_null(statement, index)
            : value.Length == 0 ? raw.sqlite3_bind_text(statement, index, utf8z.FromSpan(EmptyText))
            : raw.sqlite3_bind_text16(statement, index, value.AsSpan()),
            database);

    private static void Check(int result, sqlite3 database)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }
}
