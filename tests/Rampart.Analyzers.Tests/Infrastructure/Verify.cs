using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Rampart.Analyzers.Tests.Infrastructure;

/// <summary>
/// An analyzer test against .NET 10 and ASP.NET Core references, with the logging source generator
/// running as in a real build (its output is not compared: it is the generator's, not ours).
/// </summary>
internal sealed class RampartAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public RampartAnalyzerTest()
        : this(aspNetCore: true)
    {
    }

    /// <param name="aspNetCore">False to compile as a command-line tool: .NET without the ASP.NET Core framework.</param>
    public RampartAnalyzerTest(bool aspNetCore)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(aspNetCore ? TestReferences.All : TestReferences.WithoutAspNetCore);
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

        // RMP0008 has a second descriptor for what is reported when the compilation ends; markup names the id.
        MarkupOptions |= MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>The logging generator the build runs: the plain one unless told.</summary>
    public LoggingBuild LoggingBuild { get; init; } = LoggingBuild.Plain;

    protected override IEnumerable<Type> GetSourceGenerators() => LoggingGenerator.TypesFor(LoggingBuild);
}

/// <summary>A code-fix test against .NET 10 and ASP.NET Core references.</summary>
internal sealed class RampartCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public RampartCodeFixTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        FixedState.AdditionalReferences.AddRange(TestReferences.All);
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        MarkupOptions |= MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>The logging generator the build runs: the plain one unless told.</summary>
    public LoggingBuild LoggingBuild { get; init; } = LoggingBuild.Plain;

    protected override IEnumerable<Type> GetSourceGenerators() => LoggingGenerator.TypesFor(LoggingBuild);
}

/// <summary>Short forms for the common cases.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Checks that the markup's <c>{|RMPnnnn:...|}</c> spans are exactly the diagnostics reported.</summary>
    public static Task AnalyzerAsync(string source, string? editorConfig = null)
        => RunAsync(source, editorConfig, LoggingBuild.Plain);

    /// <summary>
    /// As <see cref="AnalyzerAsync"/>, in a build that references Microsoft.Extensions.Telemetry.Abstractions:
    /// the compliance generator (Microsoft.Gen.Logging) writes the [LoggerMessage] methods.
    /// </summary>
    public static Task ComplianceAnalyzerAsync(string source, string? editorConfig = null)
        => RunAsync(source, editorConfig, LoggingBuild.Compliance);

    private static Task RunAsync(string source, string? editorConfig, LoggingBuild build)
    {
        var test = new RampartAnalyzerTest<TAnalyzer> { TestCode = source, LoggingBuild = build };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        return test.RunAsync();
    }

    /// <summary>As <see cref="AnalyzerAsync"/>, compiled as a command-line tool (no ASP.NET Core framework, no hosting).</summary>
    public static Task ToolAnalyzerAsync(string source)
        => new RampartAnalyzerTest<TAnalyzer>(aspNetCore: false) { TestCode = source }.RunAsync();

    /// <summary>Runs the analyzer directly on a compilation and returns every diagnostic (AD0001 included).</summary>
    public static async Task<IReadOnlyList<Diagnostic>> RunAsync(Compilation compilation, AnalyzerOptions? options = null)
    {
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer());
        compilation = LoggingGenerator.Run(compilation, out _);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options ?? new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        return await withAnalyzers.GetAllDiagnosticsAsync();
    }
}
