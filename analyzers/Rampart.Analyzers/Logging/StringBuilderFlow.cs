using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// What a <c>StringBuilder</c> holds when its text is logged: the values given to its constructor and to
/// <c>Append</c>, <c>AppendLine</c>, <c>AppendFormat</c>, <c>AppendJoin</c> and <c>Insert</c>, in one chain
/// (<c>new StringBuilder().Append(a).Append(b)</c>) or on a local in the method that declares it.
/// </summary>
internal static class StringBuilderFlow
{
    public static bool IsStringBuilder(ITypeSymbol? type)
        => type is { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>The values written into the builder <paramref name="builder"/> is, or null when it is not a builder this can follow.</summary>
    public static IReadOnlyList<IOperation>? Appended(IOperation builder)
    {
        var parts = new List<IOperation>();
        return Collect(LoggingAnalyzer.Unwrap(builder), parts, depth: 0) ? parts : null;
    }

    private static bool Collect(IOperation builder, List<IOperation> parts, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        switch (builder)
        {
            case IInvocationOperation { Instance: { } instance } call when IsStringBuilder(call.TargetMethod.ContainingType) && IsStringBuilder(call.Type):
                AddWritten(call, parts);
                return Collect(LoggingAnalyzer.Unwrap(instance), parts, depth + 1);

            case IObjectCreationOperation creation when IsStringBuilder(creation.Type):
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.Type?.SpecialType == SpecialType.System_String && !argument.IsImplicit)
                    {
                        parts.Add(argument.Value);
                    }
                }

                return true;

            case ILocalReferenceOperation { Local: { } local } reference when IsStringBuilder(local.Type) && reference.SemanticModel is { } model
                && !ValueFlow.SaysSafe(local.Name):
                if (ValueFlow.Initializer(local, model) is { } initializer)
                {
                    Collect(LoggingAnalyzer.Unwrap(initializer), parts, depth + 1);
                }

                AddCallsOn(local, model, parts);
                return true;

            default:
                return false;
        }
    }

    /// <summary>Every <c>local.Append(…)</c> (and the calls chained on it) in the body that declares the local.</summary>
    private static void AddCallsOn(ILocalSymbol local, SemanticModel model, List<IOperation> parts)
    {
        if (local.DeclaringSyntaxReferences.Length != 1)
        {
            return;
        }

        var declarator = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declarator.SyntaxTree != model.SyntaxTree)
        {
            return;
        }

        SyntaxNode? scope = declarator;
        while (scope is not null and not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax))
        {
            scope = scope.Parent;
        }

        foreach (var node in (scope ?? declarator.Parent ?? declarator).DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                && (access.Name.Identifier.ValueText.StartsWith("Append", System.StringComparison.Ordinal) || access.Name.Identifier.ValueText == "Insert"))
            {
                if (model.GetOperation(node) is IInvocationOperation { Instance: { } instance } call && IsStringBuilder(call.TargetMethod.ContainingType)
                    && RootsAt(instance, local))
                {
                    AddWritten(call, parts);
                }
            }
        }
    }

    /// <summary>True when a chain of builder calls starts at <paramref name="local"/>.</summary>
    private static bool RootsAt(IOperation instance, ILocalSymbol local)
    {
        var current = LoggingAnalyzer.Unwrap(instance);
        for (var i = 0; i < 64; i++)
        {
            switch (current)
            {
                case ILocalReferenceOperation reference:
                    return SymbolEqualityComparer.Default.Equals(reference.Local, local);
                case IInvocationOperation { Instance: { } inner } call when IsStringBuilder(call.Type):
                    current = LoggingAnalyzer.Unwrap(inner);
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The text arguments of one builder call: not an index, a count, a format provider, a capacity.</summary>
    private static void AddWritten(IInvocationOperation call, List<IOperation> parts)
    {
        var name = call.TargetMethod.Name;
        if (!(name.StartsWith("Append", System.StringComparison.Ordinal) || name == "Insert"))
        {
            return; // Clear, Remove, Replace of fixed text: nothing new written
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.IsImplicit && argument.ArgumentKind != ArgumentKind.ParamArray || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.Name == "IFormatProvider" || name == "Insert" && parameter.Ordinal == 0
                || parameter.Type.SpecialType is SpecialType.System_Int32 && parameter.Name is "repeatCount" or "startIndex" or "count" or "charCount" or "index")
            {
                continue;
            }

            var value = LoggingAnalyzer.Unwrap(argument.Value);
            if (value is IInterpolatedStringHandlerCreationOperation { Content: IInterpolatedStringOperation content })
            {
                // sb.Append($"… {x}"): the handler formats each hole into the builder.
                foreach (var part in content.Parts)
                {
                    if (part is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { Arguments.Length: > 0 } formatted }
                        && formatted.TargetMethod.Name == "AppendFormatted")
                    {
                        parts.Add(formatted.Arguments[0].Value);
                    }
                }

                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray && value is IArrayCreationOperation { Initializer: { } elements })
            {
                parts.AddRange(elements.ElementValues);
                continue;
            }

            parts.Add(argument.Value);
        }
    }
}
