namespace Rampart.Analyzers.RealCode.Tests;

/// <summary>A throwaway code base on disk: files written by the test, removed afterwards.</summary>
internal sealed class CodeBaseFolder : IDisposable
{
    public CodeBaseFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "rampart-realcode-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (path relative to the root, '/' separated) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
