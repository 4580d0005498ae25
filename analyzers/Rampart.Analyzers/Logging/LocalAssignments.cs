using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// What a local holds besides its initializer: the values assigned to it in the block that declares it
/// (<c>var target = "unknown"; if (…) target = user.Email;</c>), and, for an <c>out</c> variable of a keyed
/// look-up (<c>headers.TryGetValue("Authorization", out var value)</c>), the key that names it.
/// </summary>
internal static class LocalAssignments
{
    /// <summary>Assignments searched per local: enough for a method, a bound on a generated one.</summary>
    private const int MaxAssignments = 32;

    /// <summary>
    /// The values assigned to <paramref name="local"/> (<c>=</c>, <c>??=</c>, <c>+=</c> of text) in its declaring block
    /// before <paramref name="readAt"/>, where it is read.
    /// </summary>
    public static IReadOnlyList<IOperation> AssignedValues(ILocalSymbol local, SemanticModel? model, int readAt)
    {
        if (model is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return System.Array.Empty<IOperation>();
        }

        var declared = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declared.SyntaxTree != model.SyntaxTree || declared is not VariableDeclaratorSyntax
            || declared.FirstAncestorOrSelf<BlockSyntax>() is not { } block)
        {
            return System.Array.Empty<IOperation>();
        }

        var assigned = new List<IOperation>();
        var seen = 0;
        foreach (var node in block.DescendantNodes())
        {
            if (node is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                || target.Identifier.ValueText != local.Name || assignment.SpanStart >= readAt)
            {
                continue;
            }

            if (++seen > MaxAssignments)
            {
                break;
            }

            var value = model.GetOperation(assignment) switch
            {
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation reference } simple when Same(reference, local) => simple.Value,
                ICoalesceAssignmentOperation { Target: ILocalReferenceOperation reference } coalesce when Same(reference, local) => coalesce.Value,
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation reference, Type.SpecialType: SpecialType.System_String } compound
                    when Same(reference, local) => compound.Value,
                _ => null,
            };
            if (value is not null)
            {
                assigned.Add(value);
            }
        }

        return assigned;
    }

    /// <summary>The constant key of the <c>TryGet…</c> look-up whose <c>out var</c> declares <paramref name="local"/>, or null.</summary>
    public static string? OutKey(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not SingleVariableDesignationSyntax
            {
                Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax lookup } } argument },
            } designation
            || designation.SyntaxTree != model.SyntaxTree || !argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
            || model.GetOperation(lookup) is not IInvocationOperation call || !call.TargetMethod.Name.StartsWith("TryGet", System.StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var given in call.Arguments)
        {
            if (given.Value.ConstantValue is { HasValue: true, Value: string key })
            {
                return key;
            }
        }

        return null;
    }

    private static bool Same(ILocalReferenceOperation reference, ILocalSymbol local) => SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
