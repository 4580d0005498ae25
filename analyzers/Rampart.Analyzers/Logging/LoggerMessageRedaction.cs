using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Whether a <c>[LoggerMessage]</c> method redacts its classified parameters depends on the generator
/// that writes it. The compliance-aware generator (Microsoft.Gen.Logging, shipped in the
/// Microsoft.Extensions.Telemetry.Abstractions package, which turns the plain one off) hands a
/// parameter with a <c>[DataClassification]</c>-derived attribute to the redactor; the plain
/// Microsoft.Extensions.Logging.Generators ignores the attribute and logs the value in clear.
/// The generated half of the partial method names its generator in <c>[GeneratedCode]</c>.
/// </summary>
internal static class LoggerMessageRedaction
{
    public const string PlainGenerator = "Microsoft.Extensions.Logging.Generators";
    public const string ComplianceGenerator = "Microsoft.Gen.Logging";

    /// <summary>Where <c>LogPropertiesAttribute</c> lives: the package that brings the compliance generator.</summary>
    private const string TelemetryAbstractionsType = "Microsoft.Extensions.Logging.LogPropertiesAttribute";

    /// <summary>True when the generator that writes <paramref name="method"/> redacts its classified parameters.</summary>
    public static bool RedactsClassifiedParameters(IMethodSymbol method, Compilation compilation)
    {
        var definition = method.PartialDefinitionPart ?? method;
        switch (GeneratorOf(definition.PartialImplementationPart))
        {
            case PlainGenerator:
                return false;
            case ComplianceGenerator:
                return true;
            default:
                // No generated half (no generator ran, as in an editor before the first build): the package
                // that brings the compliance generator removes the plain one from the build.
                return compilation.GetTypeByMetadataName(TelemetryAbstractionsType) is not null;
        }
    }

    /// <summary>
    /// A classification whose name says the data is public or unclassified ([PublicData], [Unclassified]):
    /// logged in clear, it discloses nothing.
    /// </summary>
    public static bool IsPublic(Classification classification)
    {
        var words = NameTokenizer.Split(classification.Name);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "public" or "unclassified" or "nonpersonal" or "nonsensitive" or "none"
                || (words[i] is "non" or "not" && i + 1 < words.Count && words[i + 1] is "personal" or "sensitive" or "classified"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A classified parameter of a [LoggerMessage] method the plain generator writes: RMP0007 when the
    /// compilation ends, unless every caller (all in view) passes a value made safe first.
    /// </summary>
    public static void CheckClassifiedParameter(SyntaxNodeAnalysisContext context, IMethodSymbol method, IParameterSymbol parameter, Classification classification, LoggerMessageUses? uses)
    {
        if (uses is null || classification.AttributeType is null || IsPublic(classification)
            || parameter.Locations.Length == 0 || RedactsClassifiedParameters(method, context.Compilation))
        {
            return;
        }

        var diagnostic = Diagnostic.Create(RampartRules.ClassifiedParameterNotRedacted, parameter.Locations[0], parameter.Name, classification.Name);
        if (LoggerMessageUses.CallersAreInView(method))
        {
            uses.Defer(parameter, diagnostic);
        }
        else
        {
            uses.ReportAtEnd(diagnostic);
        }
    }

    private static string? GeneratorOf(IMethodSymbol? implementation)
    {
        if (implementation is null)
        {
            return null;
        }

        foreach (var attribute in implementation.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } type
                && type.ContainingNamespace?.ToDisplayString() == "System.CodeDom.Compiler"
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is string tool)
            {
                return tool;
            }
        }

        return null;
    }
}
