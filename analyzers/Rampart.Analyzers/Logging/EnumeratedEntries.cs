using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Loops that log every entry of a collection in turn: <c>foreach (var (name, value) in Request.Headers)</c>
/// writes every header's value (Authorization and Cookie among them), <c>foreach (var claim in User.Claims)</c>
/// every claim's value (the user's name, e-mail and identifiers). The keys and claim types alone are not data.
/// </summary>
internal static class EnumeratedEntries
{
    /// <summary>
    /// The collection a deconstructing loop takes <paramref name="local"/> from, when the local is the value of a
    /// key-value pair (<c>var (name, value)</c>, <c>(string key, StringValues value)</c>), or null.
    /// </summary>
    public static ITypeSymbol? DeconstructedValueSource(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declared = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declared.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        // var (name, value): the designation's position; (string name, var value): the tuple argument's.
        int position;
        SyntaxNode? container;
        if (declared is SingleVariableDesignationSyntax { Parent: ParenthesizedVariableDesignationSyntax designation } single)
        {
            position = designation.Variables.IndexOf(single);
            container = designation.Parent;
            while (container is DeclarationExpressionSyntax)
            {
                container = container.Parent;
            }
        }
        else if (declared is SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: TupleExpressionSyntax tuple } argument } })
        {
            position = tuple.Arguments.IndexOf(argument);
            container = tuple.Parent;
        }
        else
        {
            return null;
        }

        if (position != 1 || container is not ForEachVariableStatementSyntax loop)
        {
            return null;
        }

        var collection = model.GetTypeInfo(loop.Expression).Type;
        var element = model.GetForEachStatementInfo(loop).ElementType;
        return element is INamedTypeSymbol { Name: "KeyValuePair", Arity: 2 } ? collection : null;
    }

    /// <summary>
    /// True when <paramref name="local"/> is a loop's variable over every claim of a principal or an identity
    /// (<c>user.Claims</c>, <c>identity.Claims</c>), not a filtered or looked-up few.
    /// </summary>
    private static bool IsEveryClaim(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.Type is not { Name: "Claim" } claim || !IsClaimsNamespace(claim)
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not ForEachStatementSyntax loop || loop.SyntaxTree != model.SyntaxTree)
        {
            return false;
        }

        return model.GetOperation(loop.Expression) is { } source && LoggingAnalyzer.Unwrap(source) is IPropertyReferenceOperation { Property: { Name: "Claims" } claims }
            && claims.ContainingType is { Name: "ClaimsPrincipal" or "ClaimsIdentity" } owner && IsClaimsNamespace(owner);
    }

    /// <summary>
    /// True when <paramref name="operation"/> reads a loop's variable over every claim, or the parameter of a
    /// projection over every claim (<c>user.Claims.Select(c =&gt; $"{c.Type}={c.Value}")</c>).
    /// </summary>
    public static bool ReadsEveryClaim(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return IsEveryClaim(local.Local, local.SemanticModel);

            case IParameterReferenceOperation { Parameter: { Type.Name: "Claim" } parameter } reference
                when reference.SemanticModel is { } model && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }
                && parameter.DeclaringSyntaxReferences.Length == 1:
                var lambda = parameter.DeclaringSyntaxReferences[0].GetSyntax().Parent;
                if (lambda is ParameterListSyntax list)
                {
                    lambda = list.Parent;
                }

                return lambda is LambdaExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax projection } } }
                    && lambda.SyntaxTree == model.SyntaxTree
                    && model.GetOperation(projection) is IInvocationOperation { TargetMethod.Name: "Select" or "SelectMany" or "ToDictionary" or "ToLookup", Arguments.Length: > 0 } call
                    && LoggingAnalyzer.Unwrap(call.Instance ?? call.Arguments[0].Value) is IPropertyReferenceOperation { Property.Name: "Claims" } claims
                    && claims.Property.ContainingType is { Name: "ClaimsPrincipal" or "ClaimsIdentity" } owner && IsClaimsNamespace(owner);

            default:
                return false;
        }
    }

    private static bool IsClaimsNamespace(ITypeSymbol type) => type.ContainingNamespace?.ToDisplayString() == "System.Security.Claims";
}
