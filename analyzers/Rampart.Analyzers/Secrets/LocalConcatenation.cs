using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// <c>var part1 = "…"; var part2 = "…"; var webhookSecret = part1 + part2;</c>: a secret-named local
/// joined from locals of the same block that hold literals and are never assigned again. Read from the
/// syntax of that block alone; no semantic model.
/// </summary>
internal static class LocalConcatenation
{
    /// <summary>More parts than this are no hidden secret but built text.</summary>
    private const int MaxParts = 16;

    private const int MaxLength = 4096;

    /// <summary>The text the concatenation spells, or null when a part is not a literal or a literal-holding local.</summary>
    public static string? Spell(BinaryExpressionSyntax concatenation)
    {
        if (concatenation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
            || declaration.Parent is not BlockSyntax block)
        {
            return null;
        }

        var operands = new List<ExpressionSyntax>();
        var current = (ExpressionSyntax)concatenation;
        while (current is BinaryExpressionSyntax add && add.IsKind(SyntaxKind.AddExpression) && operands.Count < MaxParts)
        {
            operands.Add(add.Right);
            current = add.Left;
        }

        if (current is BinaryExpressionSyntax || operands.Count >= MaxParts)
        {
            return null;
        }

        operands.Add(current);
        operands.Reverse();
        var builder = new StringBuilder();
        var locals = 0;
        foreach (var operand in operands)
        {
            string? part = operand switch
            {
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
                IdentifierNameSyntax local => LiteralOfLocal(block, declaration, local.Identifier.ValueText),
                _ => null,
            };
            if (part is null || builder.Length + part.Length > MaxLength)
            {
                return null;
            }

            locals += operand is IdentifierNameSyntax ? 1 : 0;
            builder.Append(part);
        }

        // Literal parts alone are read as a concatenation of constants already.
        return locals > 0 ? builder.ToString() : null;
    }

    /// <summary>The literal a local of <paramref name="block"/> declared before <paramref name="use"/> holds, when nothing assigns it again.</summary>
    private static string? LiteralOfLocal(BlockSyntax block, StatementSyntax use, string name)
    {
        string? value = null;
        foreach (var statement in block.Statements)
        {
            if (statement == use)
            {
                break;
            }

            if (statement is LocalDeclarationStatementSyntax local)
            {
                foreach (var variable in local.Declaration.Variables)
                {
                    if (variable.Identifier.ValueText == name)
                    {
                        value = variable.Initializer?.Value is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;
                    }
                }
            }
        }

        return value is not null && !IsAssigned(block, name) ? value : null;
    }

    private static bool IsAssigned(BlockSyntax block, string name)
    {
        foreach (var node in block.DescendantNodes())
        {
            if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } && target.Identifier.ValueText == name)
            {
                return true;
            }

            if (node is ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax passed } && passed.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }
}
