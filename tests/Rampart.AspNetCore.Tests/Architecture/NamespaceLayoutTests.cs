using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Tests.Architecture;

/// <summary>
/// The namespace rule of docs/architecture.md: a type's namespace is its folder path under src/,
/// except public extension classes that hook into the host, which use a Microsoft.* namespace.
/// </summary>
public sealed partial class NamespaceLayoutTests
{
    [Fact]
    public void Every_source_file_is_in_the_namespace_of_its_folder()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} source files found under {src}");

        var wrong = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var declared = Namespace().Match(text);
            var relative = Path.GetRelativePath(src, Path.GetDirectoryName(file)!);
            var expected = relative.Replace(Path.DirectorySeparatorChar, '.');
            if (!declared.Success)
            {
                wrong.Add($"{relative}/{Path.GetFileName(file)}: no file-scoped namespace");
                continue;
            }

            var actual = declared.Groups[1].Value;
            if (actual == expected)
            {
                continue;
            }

            var types = TypeDeclaration().Matches(text).Select(m => m.Value).ToList();
            var hostExtensions = actual.StartsWith("Microsoft.", StringComparison.Ordinal)
                && types.Count > 0
                && types.All(t => t.StartsWith("public static class ", StringComparison.Ordinal) && t.EndsWith("Extensions", StringComparison.Ordinal));
            if (!hostExtensions)
            {
                wrong.Add($"{relative}/{Path.GetFileName(file)}: namespace {actual}, expected {expected}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Sdk.sln) was not found.");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^(?:public|internal)\s+(?:(?:sealed|static|abstract|readonly|partial)\s+)*(?:class|record struct|record|struct|interface|enum)\s+\w+", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();
}
