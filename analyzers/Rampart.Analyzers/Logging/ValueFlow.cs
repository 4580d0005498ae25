using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Where a logged value with a neutral name comes from, within one file: a local's initializer
/// (<c>var who = patient.FullName</c>), the one expression a helper of the same type returns
/// (<c>Describe(form) =&gt; $"{form.Name} &lt;{form.Email}&gt;"</c>), and the exceptions a logged
/// exception or <c>ex.Message</c> was made from. Asked only for values already being logged.
/// </summary>
internal static class ValueFlow
{
    /// <summary>Verbs and adjectives of helpers and locals that make a value safe ("MaskEmail", "Anonymize").</summary>
    private static readonly string[] SafeStems =
    {
        "mask", "redact", "hash", "encrypt", "truncat", "anonymi", "obfuscat", "saniti", "pseudonymi", "protect", "scrub", "stripped",
        "censor", "digest", "tokeni",
    };

    /// <summary>What <paramref name="operation"/> (a local or a call of a helper) was made from, or null.</summary>
    public static IOperation? Origin(IOperation operation, ISymbol? caller)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local when !SaysSafe(local.Local.Name):
                return Initializer(local.Local, local.SemanticModel);

            case IInvocationOperation { Instance: null or IInstanceReferenceOperation } call when HelperReturn(call, caller) is { } returned:
                return returned;

            default:
                return null;
        }
    }

    /// <summary>The initializer of a local declared with one (<c>var x = …</c>, <c>using var r = …</c>) in this file, or null.</summary>
    public static IOperation? Initializer(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var value = local.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,

            // entry.Medication is { Length: > 0 } m, value is string m: the variable holds the tested value.
            SingleVariableDesignationSyntax { Parent: DeclarationPatternSyntax or RecursivePatternSyntax } designation
                when designation.Parent?.Parent is IsPatternExpressionSyntax { Expression: { } tested } => tested,
            _ => null,
        };
        if (value is null || value.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(value);
    }

    /// <summary>
    /// The exceptions <paramref name="exception"/> is: one made in place, one a local was initialised
    /// with, or those thrown with <c>throw new …</c> in the try block of the catch clause that declares it.
    /// </summary>
    public static IEnumerable<IObjectCreationOperation> ExceptionsMade(IOperation exception, INamedTypeSymbol? exceptionType)
    {
        switch (exception)
        {
            case IObjectCreationOperation made:
                yield return made;
                break;

            case ILocalReferenceOperation { Local: { } local } reference when reference.SemanticModel is { } model:
                if (Initializer(local, model) is { } initializer)
                {
                    if (LoggingAnalyzer.Unwrap(initializer) is IObjectCreationOperation assigned)
                    {
                        yield return assigned;
                    }

                    break;
                }

                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].GetSyntax() is not CatchDeclarationSyntax { Parent: CatchClauseSyntax { Parent: TryStatementSyntax attempt } }
                    || attempt.SyntaxTree != model.SyntaxTree)
                {
                    break;
                }

                foreach (var node in attempt.Block.DescendantNodes())
                {
                    var thrown = node switch
                    {
                        ThrowStatementSyntax statement => statement.Expression,
                        ThrowExpressionSyntax expression => expression.Expression,
                        _ => null,
                    };
                    if (thrown is BaseObjectCreationExpressionSyntax && model.GetOperation(thrown) is IObjectCreationOperation creation
                        && IsOrDerives(creation.Type, local.Type) && IsOrDerives(creation.Type, exceptionType))
                    {
                        yield return creation;
                    }
                }

                break;
        }
    }

    /// <summary>True when a helper's or a local's name says it makes the value safe.</summary>
    public static bool SaysSafe(string name)
    {
        foreach (var word in NameTokenizer.Split(name))
        {
            foreach (var stem in SafeStems)
            {
                if (word.StartsWith(stem, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The expression a string helper of the caller's own type returns, when it is one expression in this file.</summary>
    private static IOperation? HelperReturn(IInvocationOperation call, ISymbol? caller)
    {
        var method = call.TargetMethod;
        if (method.ReturnType.SpecialType != SpecialType.System_String || method.IsImplicitlyDeclared || method.IsExtern
            || call.SemanticModel is not { } model || caller?.ContainingType is not { } callerType
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, callerType) || method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration.SyntaxTree != model.SyntaxTree || declaration is not MethodDeclarationSyntax body)
        {
            return null;
        }

        var returned = body.ExpressionBody?.Expression;
        if (returned is null && body.Body is { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax { Expression: { } single })
        {
            returned = single;
        }

        if (returned is null || model.GetOperation(returned) is not { } result)
        {
            return null;
        }

        // A helper named for making the value safe is taken at its word unless its body shows it only
        // reshapes the text (Sanitise(value) => value.Trim().ToLowerInvariant()): then its argument is logged.
        return SaysSafe(method.Name) ? ReshapedArgument(call, result) : result;
    }

    /// <summary>The argument <paramref name="call"/> gives the parameter its helper returns trimmed or re-cased, or null.</summary>
    private static IOperation? ReshapedArgument(IInvocationOperation call, IOperation returned)
    {
        var operation = LoggingAnalyzer.Unwrap(returned);
        while (operation is IInvocationOperation { Instance: { } instance, Arguments.Length: 0, TargetMethod.Name: "Trim" or "TrimStart" or "TrimEnd" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Normalize" })
        {
            operation = LoggingAnalyzer.Unwrap(instance);
        }

        if (operation is not IParameterReferenceOperation { Parameter: { } parameter })
        {
            return null;
        }

        foreach (var argument in call.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool IsOrDerives(ITypeSymbol? type, ITypeSymbol? ancestor)
    {
        if (ancestor is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, ancestor))
            {
                return true;
            }
        }

        return false;
    }
}
