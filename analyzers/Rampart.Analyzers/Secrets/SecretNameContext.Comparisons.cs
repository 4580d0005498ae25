using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// The name of what a literal is compared with: the other side of <c>==</c>, the subject of a pattern
/// (<c>token is "…"</c>, a switch's arm or case), the other operand of <c>Equals</c>. A value checked
/// against a secret-named one is that secret, written in the code.
/// </summary>
internal static partial class SecretNameContext
{
    /// <summary>The subject a constant pattern is matched against, through <c>not</c>, <c>or</c>, <c>and</c> and parentheses.</summary>
    private static string? NameOfMatched(PatternSyntax pattern)
    {
        if (pattern is not ConstantPatternSyntax)
        {
            return null;
        }

        PatternSyntax node = pattern;
        while (node.Parent is BinaryPatternSyntax or UnaryPatternSyntax or ParenthesizedPatternSyntax)
        {
            node = (PatternSyntax)node.Parent;
        }

        return node.Parent switch
        {
            IsPatternExpressionSyntax isPattern => NameOfCompared(isPattern.Expression),
            SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax switchExpression } arm when arm.Pattern == node => NameOfCompared(switchExpression.GoverningExpression),
            CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax switchStatement } } => NameOfCompared(switchStatement.Expression),
            // request is { Token: "…" }: the property the pattern reads.
            SubpatternSyntax { NameColon: { } nameColon } => nameColon.Name.Identifier.ValueText,
            SubpatternSyntax { ExpressionColon: { } expressionColon } => NameOfCompared(expressionColon.Expression),
            _ => null,
        };
    }

    /// <summary>
    /// The operand an <c>Equals</c> or <c>FixedTimeEquals</c> call compares the argument with:
    /// <c>token.Equals("…")</c>, <c>string.Equals(token, "…", StringComparison.Ordinal)</c>,
    /// <c>CryptographicOperations.FixedTimeEquals(GetBytes(token), GetBytes("…"))</c>.
    /// </summary>
    private static ExpressionSyntax? ComparedByEquals(ArgumentSyntax argument)
    {
        if (argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list)
        {
            return null;
        }

        var (method, receiver) = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => (member.Name.Identifier.ValueText, member.Expression),
            IdentifierNameSyntax identifier => (identifier.Identifier.ValueText, null),
            _ => (null, null),
        };
        if (method is not ("Equals" or "FixedTimeEquals"))
        {
            return null;
        }

        var index = list.Arguments.IndexOf(argument);
        if (receiver is not null && !IsTypeName(receiver) && method == "Equals")
        {
            // token.Equals("…") or token.Equals("…", StringComparison.Ordinal).
            return index == 0 ? receiver : null;
        }

        // string.Equals(a, b), Equals(a, b), FixedTimeEquals(a, b): the other of the first two.
        return list.Arguments.Count >= 2 && index is 0 or 1 ? list.Arguments[1 - index].Expression : null;
    }

    /// <summary><c>string</c>, <c>String</c>, <c>object</c> and a type written PascalCase with a dot-free name (<c>CryptographicOperations</c>).</summary>
    private static bool IsTypeName(ExpressionSyntax receiver)
        => receiver is PredefinedTypeSyntax
            || receiver is IdentifierNameSyntax { Identifier.ValueText: "String" or "Object" or "CryptographicOperations" }
            || receiver is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "String" or "CryptographicOperations" };

    /// <summary>
    /// The name of a compared expression, looking through what turns a value into its text or trims it
    /// (<c>Headers["X-Admin-Token"].ToString()</c>, <c>token?.Trim()</c>, <c>token!</c>, <c>GetBytes(token)</c>).
    /// </summary>
    private static string? NameOfCompared(ExpressionSyntax expression)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    expression = suppressed.Operand;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member, ArgumentList.Arguments.Count: 0 } when IsTextConversion(member.Name.Identifier.ValueText):
                    expression = member.Expression;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes" }, ArgumentList.Arguments.Count: 1 } bytes:
                    expression = bytes.ArgumentList.Arguments[0].Expression;
                    continue;
                case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding, ArgumentList.Arguments.Count: 0 } } access
                    when IsTextConversion(binding.Name.Identifier.ValueText):
                    expression = access.Expression;
                    continue;
            }

            break;
        }

        return NameOfTarget(expression);
    }

    private static bool IsTextConversion(string method)
        => method is "ToString" or "Trim" or "TrimStart" or "TrimEnd" or "ToLowerInvariant" or "ToUpperInvariant" or "ToLower" or "ToUpper";
}
