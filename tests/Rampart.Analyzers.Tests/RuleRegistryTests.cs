using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rampart.Analyzers.Tests;

public class RuleRegistryTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RampartRules.All)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_doc_page_its_help_link_points_to(string id)
    {
        var rule = RampartRules.All.Single(r => r.Id == id);
        Assert.Equal(RampartRules.HelpLinkBase + id + ".md", rule.HelpLinkUri);
        var page = Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no documentation page at {page}.");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ":", text, StringComparison.Ordinal);
        Assert.Contains("## Bad", text, StringComparison.Ordinal);
        Assert.Contains("## Good", text, StringComparison.Ordinal);
        Assert.Contains("## Configure or suppress", text.Replace("## Code fix and configuration", "## Configure or suppress", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("rules/" + id + ".md", File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "analyzers.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_ids_are_unique_and_follow_the_pattern()
    {
        var ids = RampartRules.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^RMP[0-9]{4}$", id));
    }

    [Fact]
    public void Every_rule_is_reported_by_an_analyzer_and_listed_in_the_release_notes()
    {
        var assembly = typeof(RampartRules).Assembly;
        var supported = assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Select(d => d.Id)
            .ToHashSet();
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot, "analyzers", "Rampart.Analyzers", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(RepositoryRoot, "analyzers", "Rampart.Analyzers", "AnalyzerReleases.Shipped.md"));
        foreach (var rule in RampartRules.All)
        {
            Assert.Contains(rule.Id, supported);
            Assert.Contains(rule.Id + " |", releases, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_code_fix_is_exported_and_fixes_known_rules()
    {
        var fixes = typeof(Rampart.Analyzers.CodeFixes.MoveSecretToEnvironmentCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(fixes);
        var known = RampartRules.All.Select(r => r.Id).ToHashSet();
        foreach (var type in fixes)
        {
            Assert.NotNull(type.GetCustomAttribute<ExportCodeFixProviderAttribute>());
            var fix = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, known));
            Assert.NotNull(fix.GetFixAllProvider());
        }
    }

    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the folder holding Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }
}
