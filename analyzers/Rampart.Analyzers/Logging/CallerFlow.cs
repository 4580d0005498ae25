using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// What the callers give a parameter that a log writes under a neutral name: a local function
/// (<c>void Audit(string what, string value) =&gt; logger.LogInformation(…, value)</c>) or a method of the
/// same type (<c>Write&lt;T&gt;(T item)</c>), called in the same file. Each call's argument is what is logged.
/// </summary>
internal static class CallerFlow
{
    /// <summary>Calls searched per parameter: enough for a helper, a bound on a large type.</summary>
    private const int MaxCalls = 64;

    /// <summary>The arguments the calls in this file pass to the parameter <paramref name="reference"/> reads, or empty.</summary>
    public static IReadOnlyList<IOperation> ArgumentsPassed(IParameterReferenceOperation reference)
    {
        var parameter = reference.Parameter;
        if (reference.SemanticModel is not { } model || ValueFlow.SaysSafe(parameter.Name)
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.Ordinary } method
            || method.DeclaringSyntaxReferences.Length != 1 || ValueFlow.SaysSafe(method.Name)
            || parameter.RefKind is RefKind.Out)
        {
            return System.Array.Empty<IOperation>();
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return System.Array.Empty<IOperation>();
        }

        // A local function is called in the member that holds it; a method, in its type.
        SyntaxNode? scope = declaration.Parent;
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            while (scope is not null and not (MemberDeclarationSyntax or AccessorDeclarationSyntax))
            {
                scope = scope.Parent;
            }

            // A local function of top-level statements is called from any of them.
            if (scope is GlobalStatementSyntax)
            {
                scope = scope.Parent;
            }
        }
        else
        {
            scope = declaration.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        }

        if (scope is null)
        {
            return System.Array.Empty<IOperation>();
        }

        var passed = new List<IOperation>();
        var calls = 0;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is not InvocationExpressionSyntax invocation || CalledName(invocation.Expression) != method.Name)
            {
                continue;
            }

            if (++calls > MaxCalls)
            {
                break;
            }

            if (model.GetOperation(invocation) is not IInvocationOperation call
                || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    passed.Add(argument.Value);
                }
            }
        }

        return passed;
    }

    private static string? CalledName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax or IdentifierNameSyntax } access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
