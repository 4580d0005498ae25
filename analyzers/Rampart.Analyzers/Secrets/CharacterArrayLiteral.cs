using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// A secret written as its characters, <c>['6', 'x', '7', …]</c>, <c>new[] { 'a', … }</c> or
/// <c>new char[] { … }</c>, so that no string literal holds it: read as the text those characters spell.
/// </summary>
internal static class CharacterArrayLiteral
{
    /// <summary>Fewer characters than this are separators, flags or alphabets' pieces, no secret.</summary>
    private const int MinLength = 8;

    private const int MaxLength = 512;

    /// <summary>
    /// When <paramref name="first"/> is the first element of a collection made only of character
    /// literals, the collection's expression (the node to report and to name) and the text it spells.
    /// </summary>
    public static bool TrySpell(LiteralExpressionSyntax first, out ExpressionSyntax collection, out string text)
    {
        collection = first;
        text = string.Empty;
        SeparatedSyntaxList<ExpressionSyntax> initializerElements = default;
        SeparatedSyntaxList<CollectionElementSyntax> collectionElements = default;
        int count;
        if (first.Parent is ExpressionElementSyntax { Parent: CollectionExpressionSyntax expression } element)
        {
            collectionElements = expression.Elements;
            count = collectionElements.Count;
            if (count < MinLength || count > MaxLength || collectionElements[0] != element)
            {
                return false;
            }

            collection = expression;
        }
        else if (first.Parent is InitializerExpressionSyntax initializer && initializer.IsKind(SyntaxKind.ArrayInitializerExpression))
        {
            initializerElements = initializer.Expressions;
            count = initializerElements.Count;
            if (count < MinLength || count > MaxLength || initializerElements[0] != first)
            {
                return false;
            }

            collection = initializer.Parent is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax ? (ExpressionSyntax)initializer.Parent : initializer;
        }
        else
        {
            return false;
        }

        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            var item = collectionElements.Count > 0 ? (collectionElements[i] as ExpressionElementSyntax)?.Expression : initializerElements[i];
            if (item is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.CharacterLiteralExpression) || literal.Token.Value is not char c)
            {
                return false;
            }

            builder.Append(c);
        }

        text = builder.ToString();
        return true;
    }
}
