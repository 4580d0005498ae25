using Microsoft.Data.Sqlite;

namespace Rampart.AspNetCore.Storage.Sqlite;

/// <summary>
/// What went wrong with a SQLite file, in words an operator can act on. SQLite's result codes are
/// grouped by their primary code (the low byte), so every extended I/O error lands in one kind.
/// </summary>
internal static class SqliteFault
{
    // SQLite maps one page of the "-shm" wal-index per 32 KiB; a live file is never shorter.
    private const long SharedMemoryPage = 32 * 1024;

    public const string Missing = "the database file is missing (deleted or moved)";
    public const string Replaced = "the database file was replaced by another database";
    public const string Swapped = "the database file was replaced by another file (a restore or a move) under the running process; its -wal and -shm, written for the old file, are not applied";
    public const string SharedMemoryTruncated = "the shared-memory file (-shm) was truncated under the running process";

    public static string Describe(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        5 or 6 => "the database is locked by another connection (busy timeout passed)",
        8 => "the database, its -wal or its -shm file is read-only",
        10 => "a disk I/O error",
        11 or 26 => "the file is corrupt or not a database",
        13 => "the disk is full",
        14 => "the database file cannot be opened",
        _ => "a SQLite error",
    };

    /// <summary>
    /// Gives back a "-shm" file shorter than one wal-index page the length SQLite mapped, as zeros.
    /// SQLite maps that file into memory; touching a mapped page past its end kills the process with
    /// SIGBUS, which no exception handler sees. A zeroed wal-index is one SQLite knows how to handle:
    /// the next reader rebuilds it from the WAL, so nothing committed is lost. True when it was short.
    /// </summary>
    public static bool RepairTruncatedSharedMemory(string databasePath)
    {
        var path = databasePath + "-shm";
        var sharedMemory = new FileInfo(path);
        if (!sharedMemory.Exists || sharedMemory.Length >= SharedMemoryPage)
        {
            return false;
        }

        // One page per 4096 WAL frames: cover every page the WAL can need, and one more.
        var wal = new FileInfo(databasePath + "-wal");
        var pages = 2 + ((wal.Exists ? wal.Length : 0) / (4096L * 4096));
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < SharedMemoryPage)
            {
                stream.SetLength(pages * SharedMemoryPage);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not writable: SQLite then opens the file read-only and answers with its own error.
        }

        return true;
    }
}
