using System.Diagnostics;
using Xunit;

namespace Rampart.Testing;

/// <summary>
/// A tmpfs of a few MiB mounted on a temporary folder, so a test can fill a file system for real
/// (ENOSPC from the kernel, not a simulated error). Mounting needs root or <c>CAP_SYS_ADMIN</c>;
/// see <see cref="TinyFileSystemFactAttribute"/> for when a test may be skipped. Always unmounted on
/// dispose (lazily if a file is still open), and the folder removed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TinyFileSystem : IDisposable
{
    private const string FillerName = "filler";
    private static readonly Lazy<string?> NotMountable = new(Probe);

    private TinyFileSystem(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why this machine cannot mount one (null when it can); probed once by mounting a tmpfs.</summary>
    public static string? CannotMountReason => NotMountable.Value;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB; fails, saying why, when the machine does not allow it.</summary>
    public static TinyFileSystem Mount(int megabytes)
    {
        var folder = Directory.CreateTempSubdirectory("rampart-tinyfs-").FullName;
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0777", "tmpfs", folder);
        if (exitCode != 0)
        {
            Directory.Delete(folder);
            throw new InvalidOperationException(
                $"Mounting a {megabytes} MiB tmpfs on {folder} failed ({output.Trim()}). The tiny file system tests need root or CAP_SYS_ADMIN; under CI=true they must run.");
        }

        return new TinyFileSystem(folder);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Bytes still free.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills every byte left with a filler file, writing until the kernel answers ENOSPC. Returns the bytes written.</summary>
    public long Fill()
    {
        long written = 0;
        using var filler = new FileStream(File(FillerName), FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 64 * 1024, 4096, 512, 1 })
        {
            var block = new byte[size];
            while (true)
            {
                try
                {
                    filler.Write(block);
                    written += size;
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        return written;
    }

    /// <summary>Gives the filled space back.</summary>
    public void Release() => System.IO.File.Delete(File(FillerName));

    public void Dispose()
    {
        if (Run("umount", Path).ExitCode != 0)
        {
            // Still busy (a file open in a pool or a dying process): detach it now, freed when closed.
            Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts need Linux";
        }

        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return exception.Message;
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>
/// A test that needs a <see cref="TinyFileSystem"/>. Skipped, with the reason, only where mounting
/// is not permitted and <c>CI</c> is not <c>true</c>; under CI it runs and fails if it cannot mount,
/// so a CI machine that should run it never passes without it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TinyFileSystemFactAttribute : FactAttribute
{
    public TinyFileSystemFactAttribute()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            && TinyFileSystem.CannotMountReason is { } reason)
        {
            Skip = $"Skipped: this machine cannot mount a tmpfs ({reason}). Run as root (or with CAP_SYS_ADMIN) to test a full file system; CI=true makes this a failure.";
        }
    }
}
