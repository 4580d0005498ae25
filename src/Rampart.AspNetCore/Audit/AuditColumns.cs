using System.Data.Common;
using Rampart.AspNetCore.AdminLog;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// The columns every audit database shares, in the order each store writes and selects them after
/// its own time column, with one reader for all: the stores differ only in how they keep time.
/// </summary>
internal static class AuditColumns
{
    /// <summary>Audit record columns after the timestamp (ordinals 1 to 16).</summary>
    public const string Record = "status, duration_ms, method, path, request_id, trace_id, route, query, key_id, key_name, organization, environment, client, user_agent, headers, body";

    /// <summary>Admin log columns after the sequence and the timestamp (ordinals 2 to 7).</summary>
    public const string AdminEntry = "action, actor, key_id, details, previous_hash, hash";

    /// <summary>The text columns of <see cref="Record"/>, from <c>method</c> on, in order.</summary>
    public static string?[] Texts(AuditRecord record) =>
    [
        record.Method, record.Path, record.RequestId, record.TraceId, record.Route, record.Query, record.KeyId, record.KeyName,
        record.Organization, record.Environment, record.Client, record.UserAgent, record.Headers, record.Body,
    ];

    public static AuditRecord ReadRecord(DbDataReader reader, DateTimeOffset timestamp) => new()
    {
        Timestamp = timestamp,
        StatusCode = reader.GetInt32(1),
        DurationMs = reader.GetDouble(2),
        Method = reader.GetString(3),
        Path = reader.GetString(4),
        RequestId = Text(reader, 5),
        TraceId = Text(reader, 6),
        Route = Text(reader, 7),
        Query = Text(reader, 8),
        KeyId = Text(reader, 9),
        KeyName = Text(reader, 10),
        Organization = Text(reader, 11),
        Environment = Text(reader, 12),
        Client = Text(reader, 13),
        UserAgent = Text(reader, 14),
        Headers = Text(reader, 15),
        Body = Text(reader, 16),
    };

    public static AdminLogEntry ReadAdminEntry(DbDataReader reader, DateTimeOffset timestamp) => new()
    {
        Sequence = reader.GetInt64(0),
        Timestamp = timestamp,
        Action = reader.GetString(2),
        Actor = Text(reader, 3),
        KeyId = Text(reader, 4),
        Details = Text(reader, 5),
        PreviousHash = reader.GetString(6),
        Hash = reader.GetString(7),
    };

    /// <summary>Ordinal of the row id, selected after the shared columns by the page queries.</summary>
    public const int RowId = 17;

    /// <summary>
    /// A page from rows selected newest first with one row past <paramref name="size"/>: the extra row
    /// only says another page follows. <paramref name="time"/> reads a row's timestamp and its position in the store's unit.
    /// </summary>
    public static async Task<AuditPage> ReadPageAsync(DbDataReader reader, int size, Func<DbDataReader, (DateTimeOffset Timestamp, long Position)> time, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>(Math.Min(size, 64));
        AuditCursor last = default;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (records.Count == size)
            {
                return new AuditPage(records, last.ToString());
            }

            var (timestamp, position) = time(reader);
            records.Add(ReadRecord(reader, timestamp));
            last = new AuditCursor(position, reader.GetInt64(RowId));
        }

        return new AuditPage(records, null);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
