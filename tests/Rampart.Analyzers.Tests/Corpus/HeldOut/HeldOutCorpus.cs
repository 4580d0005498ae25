using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Corpus.HeldOut;

/// <summary>One labelled case: its label, what it shows, and its member lines.</summary>
internal sealed record HeldOutCase(bool Positive, string Description, string Members);

/// <summary>The counts of one measurement, with the cases that were missed or wrongly reported.</summary>
internal sealed record Score(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives, IReadOnlyList<string> Mistakes)
{
    public double Precision => TruePositives / (double)Math.Max(1, TruePositives + FalsePositives);

    public double Recall => TruePositives / (double)Math.Max(1, TruePositives + FalseNegatives);

    public override string ToString()
        => $"TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives}, TN {TrueNegatives}; precision {Precision:P1}, recall {Recall:P1}";
}

/// <summary>
/// Loads a held-out case file from a corpus folder (<c>Corpus/&lt;folder&gt;</c>, with its own
/// <c>secrets.prelude</c> and <c>logging.prelude</c> declaring <c>&lt;folder&gt;.Sdk</c> and
/// <c>&lt;folder&gt;.Model</c>), compiles every case as a class of its own (after the logging
/// source generator has run, as in a real build) and counts which cases the analyzers report.
/// </summary>
internal static class HeldOutCorpus
{
    private const string Usings = """
        global using System;
        global using System.Collections.Generic;
        global using System.ComponentModel;
        global using System.IO;
        global using System.Linq;
        global using System.Net;
        global using System.Security.Cryptography;
        global using System.Text;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Identity;
        global using Microsoft.AspNetCore.Mvc;
        global using Microsoft.Extensions.Compliance.Redaction;
        global using Microsoft.Extensions.Logging;
        """;

    public static IReadOnlyList<HeldOutCase> Load(string folder, string file, string positiveLabel)
    {
        var cases = new List<HeldOutCase>();
        string? header = null;
        var members = new StringBuilder();
        foreach (var line in File.ReadAllLines(PathOf(folder, file)).Append("@@ end"))
        {
            if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                if (header is not null)
                {
                    var label = header.Split(' ', 2)[0];
                    cases.Add(new HeldOutCase(label == positiveLabel, header, members.ToString()));
                }

                header = line[3..];
                members.Clear();
            }
            else if (header is not null && line.Length > 0 && !line.StartsWith('#'))
            {
                members.AppendLine(line);
            }
        }

        return cases;
    }

    private static (string File, string Path)[] Preludes(string? ownPrelude)
        => ownPrelude is null
            ? [("secrets.prelude", "/heldout/Sdk.cs"), ("logging.prelude", "/heldout/Model.cs")]
            : [(ownPrelude, "/heldout/Prelude.cs")];

    /// <param name="reportedIds">When given, receives the ids reported inside each case, by case index.</param>
    /// <param name="ownPrelude">
    /// When given, the one prelude the cases compile against (a corpus whose two files were written apart,
    /// each with stubs of its own); otherwise both.
    /// </param>
    public static async Task<Score> MeasureAsync(string folder, IReadOnlyList<HeldOutCase> cases, ImmutableArray<DiagnosticAnalyzer> analyzers, Func<string, bool> counts, Func<string, int, string> expand, IDictionary<int, SortedSet<string>>? reportedIds = null, string? ownPrelude = null)
    {
        var compilation = Compile(folder, cases, expand, ownPrelude);
        var build = LoggingBuildOf(folder);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !RefusedByComplianceGenerator(d, build)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The held-out cases do not compile:\n" + string.Join("\n", errors.Take(20)));
        }

        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
        {
            throw new InvalidOperationException("An analyzer crashed: " + crash.GetMessage());
        }

        var reported = new HashSet<int>();
        foreach (var diagnostic in diagnostics.Where(d => counts(d.Id) && d.Location.IsInSource))
        {
            var root = await diagnostic.Location.SourceTree!.GetRootAsync();
            var type = root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<ClassDeclarationSyntax>()
                .FirstOrDefault(c => c.Identifier.ValueText.StartsWith("Case", StringComparison.Ordinal));
            if (type is not null && int.TryParse(type.Identifier.ValueText.AsSpan(4), out var index))
            {
                reported.Add(index);
                if (reportedIds is not null)
                {
                    if (!reportedIds.TryGetValue(index, out var ids))
                    {
                        reportedIds[index] = ids = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    ids.Add(diagnostic.Id);
                }
            }
        }

        return Count(cases, reported);
    }

    /// <summary>
    /// Compiles the cases as <see cref="MeasureAsync"/> does (every case a class of its own, after the logging
    /// source generator), running no analyzer: a corpus being written is checked with this before it is frozen,
    /// so its writer sees compiler errors and never a rule's verdict.
    /// </summary>
    public static Compilation Compile(string folder, IReadOnlyList<HeldOutCase> cases, Func<string, int, string> expand, string? ownPrelude = null)
    {
        var source = new StringBuilder("namespace HeldOut.Cases\n{\n");
        for (var i = 0; i < cases.Count; i++)
        {
            source.Append("partial class Case").Append(i).Append("\n{\n").Append(expand(cases[i].Members, i)).Append("}\n");
        }

        source.Append("}\n");
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        SyntaxTree[] trees =
        [
            CSharpSyntaxTree.ParseText(Usings + $"global using {folder}.Model;\nglobal using {folder}.Sdk;\n", parseOptions, path: "/heldout/Usings.cs"),
            .. Preludes(ownPrelude).Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(PathOf(folder, p.File)), parseOptions, path: p.Path)),
            // Both namespaces the global usings name exist, whichever the preludes declare.
            CSharpSyntaxTree.ParseText($"namespace {folder}.Sdk {{ }}\nnamespace {folder}.Model {{ }}\n", parseOptions, path: "/heldout/Namespaces.cs"),
            CSharpSyntaxTree.ParseText(source.ToString(), parseOptions, path: "/heldout/Cases.cs"),
        ];
        return LoggingGenerator.Run(
            CSharpCompilation.Create("HeldOut", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)),
            out _,
            LoggingBuildOf(folder));
    }

    /// <summary>
    /// The corpora written for a build that references Microsoft.Extensions.Telemetry.Abstractions, whose
    /// compliance generator (Microsoft.Gen.Logging) writes the [LoggerMessage] methods: their cases say a
    /// classified [LoggerMessage] parameter is redacted ("redacted by the compliance logging generator").
    /// The others were written for the plain generator, or have no classified [LoggerMessage] parameter.
    /// </summary>
    private static readonly HashSet<string> ComplianceBuilds = new(StringComparer.Ordinal) { "HeldOut", "Fresh", "Fresh2", "Fresh3", "Fresh5", "Fresh6", "Fresh7" };

    /// <summary>
    /// The compliance generator refuses some [LoggerMessage] shapes with a warning of its own (LOGGEN035: a
    /// parameter whose type has classified members), leaving the method without its generated half (CS8795).
    /// Such a build shows the developer both; the rules still judge the declaration, so the case is measured.
    /// </summary>
    private static bool RefusedByComplianceGenerator(Diagnostic error, LoggingBuild build)
        => build == LoggingBuild.Compliance && error.Id == "CS8795"
            && error.Location.SourceTree?.GetRoot().FindNode(error.Location.SourceSpan) is { } node
            && node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method
            && method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "LoggerMessage" or "LoggerMessageAttribute");

    /// <summary>The logging generator a corpus's build runs.</summary>
    public static LoggingBuild LoggingBuildOf(string folder) => ComplianceBuilds.Contains(folder) ? LoggingBuild.Compliance : LoggingBuild.Plain;

    /// <summary>
    /// Measures configuration-file cases: each case's first line is <c>&gt; &lt;file name&gt;</c>
    /// (<c>appsettings.json</c>, <c>Properties/launchSettings.json</c>, <c>web.config</c>, ...) and
    /// the rest is the file's text, given to the compilation as an additional file in a folder of
    /// its own, as the packages' build props add them.
    /// </summary>
    public static async Task<Score> MeasureConfigurationAsync(IReadOnlyList<HeldOutCase> cases, ImmutableArray<DiagnosticAnalyzer> analyzers, Func<string, bool> counts)
    {
        var files = new List<AdditionalText>();
        for (var i = 0; i < cases.Count; i++)
        {
            var text = cases[i].Members;
            var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
            if (!text.StartsWith("> ", StringComparison.Ordinal) || firstLine < 0)
            {
                throw new InvalidOperationException("A configuration case does not start with '> <file name>': " + cases[i].Description);
            }

            var name = text[2..firstLine].Trim();
            files.Add(new CaseFile($"/heldout/case{i}/{name}", text[(firstLine + 1)..]));
        }

        var compilation = CSharpCompilation.Create(
            "HeldOutConfiguration",
            [CSharpSyntaxTree.ParseText("namespace HeldOut.Configuration { internal static class Program { } }", path: "/heldout/Program.cs")],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions([.. files])).GetAnalyzerDiagnosticsAsync();
        if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
        {
            throw new InvalidOperationException("An analyzer crashed: " + crash.GetMessage());
        }

        var reported = new HashSet<int>();
        foreach (var diagnostic in diagnostics.Where(d => counts(d.Id)))
        {
            var path = diagnostic.Location.GetLineSpan().Path ?? "";
            const string Folder = "/heldout/case";
            if (path.StartsWith(Folder, StringComparison.Ordinal)
                && int.TryParse(path.AsSpan(Folder.Length, path.IndexOf('/', Folder.Length) - Folder.Length), out var index))
            {
                reported.Add(index);
            }
        }

        return Count(cases, reported);
    }

    private static Score Count(IReadOnlyList<HeldOutCase> cases, HashSet<int> reported)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var mistakes = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            switch (cases[i].Positive, reported.Contains(i))
            {
                case (true, true): tp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; mistakes.Add("missed:         " + cases[i].Description); break;
                case (false, true): fp++; mistakes.Add("false positive: " + cases[i].Description); break;
            }
        }

        return new Score(tp, fp, fn, tn, mistakes);
    }

    private static string PathOf(string folder, string file) => Path.Combine(AppContext.BaseDirectory, "Corpus", folder, file);

    private sealed class CaseFile(string path, string content) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
