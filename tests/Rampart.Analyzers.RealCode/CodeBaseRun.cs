using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Rampart.Analyzers.RealCode.Packages;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.RealCode;

/// <summary>What one run found: one line per diagnostic, and the size of what was analysed.</summary>
internal sealed record RunReport(IReadOnlyList<string> Lines, int Projects, int Files, long SourceLines, int Hits, int CompileErrors, int TestProjects, long TestLines, int TestHits)
{
    /// <summary>The packages the projects reference and what restoring them gave; null when packages were not restored.</summary>
    public PackageSummary? Packages { get; init; }
}

/// <summary>Package references of a code base (distinct name@version over its projects), what restored, and the compile errors without them.</summary>
internal sealed record PackageSummary(IReadOnlyList<string> Referenced, IReadOnlyList<string> Restored, IReadOnlyList<string> NotServed, IReadOnlyList<string> Substituted, int CompileErrorsWithoutPackages);

/// <summary>How to run: with the code base's packages restored (from a cache folder) or, as the first rounds did, without.</summary>
internal sealed record RunOptions(bool RestorePackages, string PackageCache)
{
    /// <summary>Where to list the compile errors (error id, file:line, message), or null.</summary>
    public string? ErrorsFile { get; init; }
}

/// <summary>
/// Compiles every project of a code base from its files, in project-reference order, with the
/// compile-time assemblies of the packages it references (restored as far as they are served; with
/// <see cref="RunOptions.RestorePackages"/> off, types from them stay unresolved), runs the logging
/// source generator and every Rampart analyzer, and lists the diagnostics with the source line for
/// judging by hand.
/// </summary>
internal static class CodeBaseRun
{
    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    ];

    private static readonly string[] WebImplicitUsings =
    [
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    public static async Task<RunReport> RunAsync(string root, RunOptions options, TextWriter log)
    {
        root = Path.GetFullPath(root);
        var projects = Directory.GetFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFullPath)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var projectDirectories = projects.Select(p => Path.GetDirectoryName(p)!).ToHashSet(StringComparer.Ordinal);
        var references = FrameworkReferences();
        var analyzers = typeof(Rampart.Analyzers.Logging.LoggingAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        // With packages, each project is evaluated (properties, conditions, imports) and its evaluated
        // ProjectReference items are used; without, the project file's items as written, as before.
        var evaluations = options.RestorePackages ? Evaluate(projects, root, log) : null;
        IReadOnlyList<string> ReferencesOf(string project) => evaluations is null
            ? ProjectReferences(XDocument.Load(project), Path.GetDirectoryName(project)!).ToList()
            : evaluations.TryGetValue(project, out var evaluation) ? EvaluatedProjectReferences(evaluation) : [];
        var ordered = Order(projects, ReferencesOf);
        var packages = evaluations is null ? null : await RestorePackagesAsync(ordered, evaluations, ReferencesOf, root, options.PackageCache, references, log);
        var built = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var builtWithoutPackages = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var errorsWithoutPackages = 0;
        var errorLines = new List<string>();
        var lines = new List<string>();
        int files = 0, hits = 0, errors = 0, testProjects = 0, testHits = 0;
        long sourceLines = 0, testLines = 0;
        foreach (var project in ordered)
        {
            var directory = Path.GetDirectoryName(project)!;
            var sources = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => OwnedBy(f, directory, projectDirectories))
                .ToList();
            if (sources.Count == 0)
            {
                continue;
            }

            var xml = XDocument.Load(project);
            var isTest = IsTestProject(xml, directory, root);
            var web = xml.Root?.Attribute("Sdk")?.Value.Contains("Web", StringComparison.Ordinal) == true;
            var oldUsings = ImplicitUsings.Concat(web ? WebImplicitUsings : []).Concat(["Microsoft.Extensions.Logging"]).Distinct().ToList();
            var usings = oldUsings.Select(u => "global::" + u);
            if (packages?.Usings.GetValueOrDefault(project) is { } items)
            {
                // With the project evaluated, its Using items count too, as in a build (the run without packages keeps the first rounds' set).
                usings = usings.Where(u => !items.Remove.Contains(u["global::".Length..])).Concat(items.Add).Distinct().ToList();
            }

            var parseOptions = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["NET", "NET10_0", "NET10_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER", "NETCOREAPP", "RELEASE"]);
            var trees = new List<SyntaxTree>
            {
                CSharpSyntaxTree.ParseText(string.Join("\n", usings.Select(u => "global using " + u + ";")), parseOptions, path: Path.Combine(directory, "obj", "GlobalUsings.g.cs")),
            };
            foreach (var source in sources)
            {
                var text = await File.ReadAllTextAsync(source);
                var count = text.Count(c => c == '\n') + 1;
                sourceLines += count;
                testLines += isTest ? count : 0;
                trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), parseOptions, path: source));
            }

            files += sources.Count;
            // With packages, referenced projects' own references come too, as SDK projects' references are transitive.
            var projectReferences = (packages is null ? ReferencesOf(project) : Transitive(project, ReferencesOf)).Where(built.ContainsKey).Select(p => built[p]);
            var name = Path.GetFileNameWithoutExtension(project);
            var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
            var packageReferences = packages?.Assemblies.GetValueOrDefault(project) ?? [];
            var compilation = (Compilation)CSharpCompilation.Create(name, trees, references.Concat(packageReferences).Concat(projectReferences), compilationOptions);
            compilation = LoggingGenerator.Run(compilation, out _);
            built[project] = compilation.ToMetadataReference();
            var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            errors += compileErrors.Count;
            errorLines.AddRange(compileErrors.Select(d => $"{d.Id}\t{(d.Location.SourceTree is null ? name : Path.GetRelativePath(root, d.Location.GetLineSpan().Path))}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}\t{d.GetMessage()}"));
            if (packages is not null)
            {
                // The same project as the run without packages compiles it, for the before/after count of compile errors.
                var oldTrees = trees.Skip(1).Prepend(CSharpSyntaxTree.ParseText(string.Join("\n", oldUsings.Select(u => "global using global::" + u + ";")), parseOptions, path: Path.Combine(directory, "obj", "GlobalUsings.g.cs")));
                var oldReferences = ProjectReferences(xml, directory).Where(builtWithoutPackages.ContainsKey).Select(p => builtWithoutPackages[p]);
                var withoutPackages = (Compilation)CSharpCompilation.Create(name, oldTrees, references.Concat(oldReferences), compilationOptions);
                withoutPackages = LoggingGenerator.Run(withoutPackages, out _);
                builtWithoutPackages[project] = withoutPackages.ToMetadataReference();
                errorsWithoutPackages += withoutPackages.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            }

            var additional = Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f) == "launchSettings.json")
                .Concat(Directory.GetFiles(directory, "*.config", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) is "web.config" or "app.config"))
                .Where(f => OwnedBy(f, directory, projectDirectories))
                .Select(f => (AdditionalText)new FileText(f))
                .ToImmutableArray();
            testProjects += isTest ? 1 : 0;
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new AnalyzerOptions(additional, new GlobalProperties(isTest)));
            foreach (var diagnostic in (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
            {
                hits++;
                testHits += isTest ? 1 : 0;
                var span = diagnostic.Location.GetLineSpan();
                var path = Path.GetRelativePath(root, span.Path ?? "");
                var line = diagnostic.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? "";
                lines.Add($"{diagnostic.Id}\t{(isTest ? "test" : "product")}\t{path}:{span.StartLinePosition.Line + 1}\t{diagnostic.GetMessage()}\t{Shorten(line)}");
            }
        }

        if (options.ErrorsFile is { } errorsFile)
        {
            await File.WriteAllLinesAsync(errorsFile, errorLines);
        }

        return new RunReport(lines, built.Count, files, sourceLines, hits, errors, testProjects, testLines, testHits)
        {
            Packages = packages is null ? null : packages.Summary with { CompileErrorsWithoutPackages = errorsWithoutPackages },
        };
    }

    private sealed record RestoredPackages(Dictionary<string, List<MetadataReference>> Assemblies, Dictionary<string, (IReadOnlyList<string> Add, IReadOnlyList<string> Remove)> Usings, PackageSummary Summary);

    /// <summary>
    /// Reads every project's package references, adds those that flow from the projects it
    /// references (all but PrivateAssets="all"), restores each distinct set once, and gives each
    /// project the compile-time assemblies of its set. An assembly the framework reference packs
    /// already have is left out: the framework's is the newer, as the SDK's conflict resolution picks.
    /// </summary>
    private static async Task<RestoredPackages> RestorePackagesAsync(List<string> ordered, Dictionary<string, ProjectEvaluation> evaluations, Func<string, IReadOnlyList<string>> referencesOf, string root, string cache, List<MetadataReference> framework, TextWriter log)
    {
        var own = new Dictionary<string, IReadOnlyList<PackageReference>>(StringComparer.Ordinal);
        var flowing = new Dictionary<string, List<PackageReference>>(StringComparer.Ordinal);
        var sets = new Dictionary<string, List<PackageReference>>(StringComparer.Ordinal);
        var usings = new Dictionary<string, (IReadOnlyList<string> Add, IReadOnlyList<string> Remove)>(StringComparer.Ordinal);
        foreach (var project in ordered)
        {
            IReadOnlyList<PackageReference> direct = [];
            if (evaluations.TryGetValue(project, out var evaluation))
            {
                direct = PackageReferenceReader.Read(evaluation);
                usings[project] = UsingItems.Read(evaluation);
            }

            own[project] = direct;
            var set = direct.ToList();
            var flows = direct.Where(p => p.Flows).ToList();
            foreach (var reference in referencesOf(project).Where(flowing.ContainsKey))
            {
                foreach (var package in flowing[reference].Where(p => !set.Any(s => string.Equals(s.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
                {
                    set.Add(package);
                    flows.Add(package);
                }
            }

            sets[project] = set;
            flowing[project] = flows;
        }

        var results = await new PackageRestore(cache, log).RestoreAsync(sets.Values);
        var frameworkNames = framework.Select(r => Path.GetFileNameWithoutExtension(r.Display)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var metadata = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var assemblies = new Dictionary<string, List<MetadataReference>>(StringComparer.Ordinal);
        foreach (var (project, set) in sets)
        {
            var result = results[PackageRestore.Key(set)];
            assemblies[project] = result.Assemblies
                .Where(a => !frameworkNames.Contains(Path.GetFileNameWithoutExtension(a)))
                .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(a => metadata.TryGetValue(a, out var m) ? m : metadata[a] = MetadataReference.CreateFromFile(a))
                .ToList();
        }

        var referenced = own.Values.SelectMany(p => p).Select(p => p.ToString()).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var directNames = own.Values.SelectMany(p => p).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var used = sets.Values.Select(s => results[PackageRestore.Key(s)]).Distinct().ToList();
        var restored = used.SelectMany(r => r.Restored).Where(r => directNames.Contains(r[..r.IndexOf('@', StringComparison.Ordinal)])).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var notServed = used.SelectMany(r => r.NotServed).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var substituted = used.SelectMany(r => r.Substituted).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new RestoredPackages(assemblies, usings, new PackageSummary(referenced, restored, notServed, substituted, 0));
    }

    private static readonly string[] TestFrameworkPackages = ["Microsoft.NET.Test.Sdk", "xunit", "xunit.core", "xunit.v3", "xunit.v3.core", "NUnit", "MSTest", "MSTest.TestFramework"];

    /// <summary>
    /// What a real build tells the analyzers: <c>IsTestProject</c> (set by Microsoft.NET.Test.Sdk and MSTest.Sdk, or by
    /// hand in the project or a Directory.Build.props above it), or a test framework referenced (its
    /// assembly is then among the compilation's references, which this harness cannot restore).
    /// </summary>
    private static bool IsTestProject(XDocument project, string directory, string root)
    {
        var documents = new List<XDocument> { project };
        for (var d = directory; d is not null && d.Length >= root.Length; d = Path.GetDirectoryName(d))
        {
            var props = Path.Combine(d, "Directory.Build.props");
            if (File.Exists(props))
            {
                documents.Add(XDocument.Load(props));
            }
        }

        if (project.Root?.Attribute("Sdk")?.Value.StartsWith("MSTest.Sdk", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        return documents.SelectMany(x => x.Descendants()).Any(e =>
            (e.Name.LocalName == "IsTestProject" && e.Attribute("Condition") is null && string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            || (e.Name.LocalName == "PackageReference" && TestFrameworkPackages.Contains(e.Attribute("Include")?.Value, StringComparer.OrdinalIgnoreCase)));
    }

    private static string Shorten(string line) => line.Length > 220 ? line[..220] + "…" : line;

    /// <summary>A file belongs to the nearest project folder above it (nested projects own their own files); obj and bin are skipped.</summary>
    private static bool OwnedBy(string file, string directory, HashSet<string> projectDirectories)
    {
        for (var d = Path.GetDirectoryName(file); d is not null && d.Length >= directory.Length; d = Path.GetDirectoryName(d))
        {
            var leaf = Path.GetFileName(d);
            if (leaf is "obj" or "bin")
            {
                return false;
            }

            if (projectDirectories.Contains(d))
            {
                return string.Equals(d, directory, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static Dictionary<string, ProjectEvaluation> Evaluate(List<string> projects, string root, TextWriter log)
    {
        var evaluations = new Dictionary<string, ProjectEvaluation>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            try
            {
                evaluations[project] = PackageReferenceReader.Evaluate(project, root);
            }
            catch (Exception e) when (e is System.Xml.XmlException or IOException or FormatException or ArgumentException)
            {
                log.WriteLine($"  {Path.GetRelativePath(root, project)} not evaluated: {e.Message}");
            }
        }

        return evaluations;
    }

    private static List<string> Transitive(string project, Func<string, IReadOnlyList<string>> referencesOf)
    {
        var result = new List<string>();
        var stack = new Stack<string>(referencesOf(project).Reverse());
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next == project || result.Contains(next))
            {
                continue;
            }

            result.Add(next);
            foreach (var reference in referencesOf(next).Reverse())
            {
                stack.Push(reference);
            }
        }

        return result;
    }

    /// <summary>The projects whose assemblies the project references (a generator project with ReferenceOutputAssembly="false" is not one).</summary>
    private static IReadOnlyList<string> EvaluatedProjectReferences(ProjectEvaluation evaluation)
    {
        var directory = Path.GetDirectoryName(evaluation.ProjectPath)!;
        var result = new List<string>();
        foreach (var item in evaluation.Items("ProjectReference"))
        {
            var path = Path.GetFullPath(Path.Combine(directory, item.Name.Replace('\\', Path.DirectorySeparatorChar)));
            if (item.Operation == "Remove")
            {
                result.Remove(path);
            }
            else if (item.Operation == "Include" && !string.Equals(item.Metadatum("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase) && !result.Contains(path))
            {
                result.Add(path);
            }
        }

        return result;
    }

    private static IEnumerable<string> ProjectReferences(XDocument xml, string directory)
        => xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => e.Attribute("Include")?.Value)
            .Where(v => v is not null)
            .Select(v => Path.GetFullPath(Path.Combine(directory, v!.Replace('\\', Path.DirectorySeparatorChar))));

    /// <summary>Projects after the projects they reference (cycles and missing ones are ignored).</summary>
    private static List<string> Order(List<string> projects, Func<string, IReadOnlyList<string>> referencesOf)
    {
        var ordered = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var set = projects.ToHashSet(StringComparer.Ordinal);
        void Visit(string project)
        {
            if (state.GetValueOrDefault(project) != 0)
            {
                return;
            }

            state[project] = 1;
            foreach (var reference in referencesOf(project).Where(set.Contains))
            {
                Visit(reference);
            }

            state[project] = 2;
            ordered.Add(project);
        }

        foreach (var project in projects)
        {
            Visit(project);
        }

        return ordered;
    }

    private static List<MetadataReference> FrameworkReferences()
    {
        var packs = Path.Combine(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..")), "packs");
        var references = new List<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var version = Directory.GetDirectories(Path.Combine(packs, pack)).OrderBy(d => d, StringComparer.Ordinal).Last();
            references.AddRange(Directory.GetFiles(Path.Combine(version, "ref", "net10.0"), "*.dll").Select(f => MetadataReference.CreateFromFile(f)));
        }

        return references;
    }

    /// <summary>The global options a build gives the analyzers: here only whether the project is a test project.</summary>
    private sealed class GlobalProperties(bool isTestProject) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions None = new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(isTestProject
            ? ImmutableDictionary<string, string>.Empty.Add("build_property.IsTestProject", "true")
            : ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path), Encoding.UTF8);
    }
}
