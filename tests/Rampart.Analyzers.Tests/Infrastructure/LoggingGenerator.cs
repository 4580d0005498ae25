using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rampart.Analyzers.Tests.Infrastructure;

/// <summary>Which logging source generator a build runs.</summary>
internal enum LoggingBuild
{
    /// <summary>Microsoft.Extensions.Logging.Generators (Microsoft.Extensions.Logging.Abstractions): classifications ignored.</summary>
    Plain,

    /// <summary>
    /// Microsoft.Gen.Logging (Microsoft.Extensions.Telemetry.Abstractions), which replaces the plain one:
    /// classified parameters go to the redactor.
    /// </summary>
    Compliance,

    /// <summary>No generator runs (an editor before the first build): the [LoggerMessage] methods have no generated half.</summary>
    None,
}

/// <summary>
/// The logging source generators, copied next to the tests from their packages' analyzers folders:
/// Microsoft.Extensions.Logging.Generators (Microsoft.Extensions.Logging.Abstractions) and the
/// compliance-aware Microsoft.Gen.Logging (Microsoft.Extensions.Telemetry.Abstractions). A real build
/// runs one of them, so the [LoggerMessage] partial methods the rules see have their generated half
/// (marked [GeneratedCode] with the generator's name) as they do in an application.
/// </summary>
internal static class LoggingGenerator
{
    public const string FileName = "Microsoft.Extensions.Logging.Generators.dll";

    public const string ComplianceFileName = "Microsoft.Gen.Logging.dll";

    private static readonly Lazy<IReadOnlyList<Type>> LazyPlain = new(() => Load(FileName));

    private static readonly Lazy<IReadOnlyList<Type>> LazyCompliance = new(() => Load(ComplianceFileName));

    /// <summary>The plain generator's types, for the analyzer-testing framework.</summary>
    public static IReadOnlyList<Type> Types => LazyPlain.Value;

    /// <summary>The generator types a build of the given kind runs.</summary>
    public static IReadOnlyList<Type> TypesFor(LoggingBuild build) => build switch
    {
        LoggingBuild.Compliance => LazyCompliance.Value,
        LoggingBuild.None => [],
        _ => LazyPlain.Value,
    };

    /// <summary>Runs the build's generator over a compilation and returns the compilation with its output added.</summary>
    public static Compilation Run(Compilation compilation, out ImmutableArray<Diagnostic> generatorDiagnostics, LoggingBuild build = LoggingBuild.Plain)
    {
        var generators = TypesFor(build).Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator());
        var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out generatorDiagnostics);
        return output;
    }

    private static IReadOnlyList<Type> Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Generators", fileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The logging source generator was not copied to {path}.");
        }

        return Assembly.LoadFrom(path).GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(GeneratorAttribute), false).Length > 0)
            .ToArray();
    }
}
