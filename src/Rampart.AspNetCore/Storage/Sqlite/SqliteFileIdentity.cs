using System.Runtime.InteropServices;

namespace Rampart.AspNetCore.Storage.Sqlite;

/// <summary>
/// The device and inode of the database file, as the store first opened it. A file moved or
/// restored into place is another inode even when it is a copy of the same database (same
/// <c>rampart_store_identity</c>), and the <c>-wal</c> and <c>-shm</c> left beside it belong to the
/// old one: SQLite would apply that WAL to the new file. Compared before each call, so no
/// connection is opened on such a pair. Linux only (elsewhere <see cref="Of"/> is null and only the
/// identity row is checked).
/// </summary>
internal readonly record struct SqliteFileIdentity(ulong Device, ulong Inode)
{
    // struct stat is at most 144 bytes on the 64-bit Linux ABIs; st_dev and st_ino come first on each.
    private const int StatSize = 256;

    public static SqliteFileIdentity? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }

        var buffer = new byte[StatSize];
        try
        {
            return NativeMethods.Stat(path, buffer) == 0
                ? new SqliteFileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8))
                : null;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a C library without stat(2) as a symbol (glibc before 2.33): the identity row still holds
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
    }
}
