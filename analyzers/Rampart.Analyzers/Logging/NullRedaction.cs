using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// <c>NullRedactor</c> (Microsoft.Extensions.Compliance.Redaction) returns its input unchanged: a value
/// "redacted" by it is logged as it is. Its <c>Redact</c> call is looked through, whether the redactor is
/// used in place (<c>NullRedactor.Instance.Redact(email)</c>) or held by a local made from it.
/// </summary>
internal static class NullRedaction
{
    private const string RedactionNamespace = "Microsoft.Extensions.Compliance.Redaction";

    /// <summary>The value a <c>Redact</c> call of a <c>NullRedactor</c> returns unchanged, or null.</summary>
    public static IOperation? PassedThrough(IInvocationOperation call)
    {
        if (call.TargetMethod is not { Name: "Redact", ReturnType.SpecialType: SpecialType.System_String }
            || call.Arguments.Length == 0 || call.Instance is not { } redactor || !IsNullRedactor(redactor))
        {
            return null;
        }

        return call.Arguments[0].Value;
    }

    private static bool IsNullRedactor(IOperation redactor)
    {
        var operation = LoggingAnalyzer.Unwrap(redactor);
        if (IsNullRedactorType(operation.Type))
        {
            return true;
        }

        // Redactor redactor = NullRedactor.Instance: the local's declared type is the base class.
        return operation is ILocalReferenceOperation { Local: { } local } reference
            && ValueFlow.Initializer(local, reference.SemanticModel) is { } initial
            && IsNullRedactorType(LoggingAnalyzer.Unwrap(initial).Type);
    }

    private static bool IsNullRedactorType(ITypeSymbol? type)
        => type is { Name: "NullRedactor" } && type.ContainingNamespace?.ToDisplayString() == RedactionNamespace;
}
