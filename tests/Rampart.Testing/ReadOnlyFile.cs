using System.Diagnostics;

namespace Rampart.Testing;

/// <summary>
/// Makes a file read-only for this process, undone on dispose. Permission bits stop every user but
/// root (tests often run as root in containers); for root the file is marked immutable with
/// <c>chattr +i</c>, which holds for root too where the file system and capabilities allow it.
/// Each way is checked by trying to open the file for writing, so the file is read-only for real.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyFile : IDisposable
{
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private readonly bool _immutable;

    private ReadOnlyFile(string path, UnixFileMode mode, bool immutable)
    {
        _path = path;
        _mode = mode;
        _immutable = immutable;
    }

    /// <summary>How the file was made read-only: <c>chmod</c> or <c>chattr +i</c>.</summary>
    public string Means => _immutable ? "chattr +i" : "chmod";

    public static ReadOnlyFile Make(string path)
    {
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (!IsWritable(path))
        {
            return new ReadOnlyFile(path, mode, immutable: false);
        }

        if (Chattr("+i", path) && !IsWritable(path))
        {
            return new ReadOnlyFile(path, mode, immutable: true);
        }

        File.SetUnixFileMode(path, mode);
        throw new InvalidOperationException(
            $"This machine cannot make {path} read-only: the tests run as root, and chattr +i is refused (no CAP_LINUX_IMMUTABLE, or a file system without the attribute).");
    }

    public void Dispose()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }

        File.SetUnixFileMode(_path, _mode);
    }

    private static bool IsWritable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool Chattr(string change, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr on this machine
        }
    }
}
