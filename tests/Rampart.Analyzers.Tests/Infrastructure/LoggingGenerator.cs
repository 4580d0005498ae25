using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rampart.Analyzers.Tests.Infrastructure;

/// <summary>
/// The logging source generator (Microsoft.Extensions.Logging.Generators) from the
/// Microsoft.Extensions.Logging.Abstractions package's analyzers folder, copied next to the tests.
/// A real build runs it, so the [LoggerMessage] partial methods the rules see have their generated
/// half (marked [GeneratedCode]) as they do in an application.
/// </summary>
internal static class LoggingGenerator
{
    public const string FileName = "Microsoft.Extensions.Logging.Generators.dll";

    private static readonly Lazy<Assembly> LazyAssembly = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Generators", FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The logging source generator was not copied to {path}.");
        }

        return Assembly.LoadFrom(path);
    });

    /// <summary>The generator types, for the analyzer-testing framework.</summary>
    public static IReadOnlyList<Type> Types { get; } = LazyAssembly.Value.GetTypes()
        .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(GeneratorAttribute), false).Length > 0)
        .ToArray();

    /// <summary>Runs the generator over a compilation and returns the compilation with its output added.</summary>
    public static Compilation Run(Compilation compilation, out ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        var generators = Types.Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator());
        var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out generatorDiagnostics);
        return output;
    }
}
