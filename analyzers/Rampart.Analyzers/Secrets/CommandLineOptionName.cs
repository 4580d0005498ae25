using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// The option a literal is the value of in a command line built as separate arguments:
/// <c>Run("deploy", "--password", "Winter2026!Deploy")</c> names the third argument "password".
/// </summary>
internal static class CommandLineOptionName
{
    /// <summary>The option name ("password" for "--password", "/password", "-password"), or null.</summary>
    public static string? For(LiteralExpressionSyntax literal)
    {
        if (literal.Parent is not ArgumentSyntax argument || argument.Parent is not ArgumentListSyntax list)
        {
            return null;
        }

        var index = list.Arguments.IndexOf(argument);
        if (index <= 0 || list.Arguments[index - 1].Expression is not LiteralExpressionSyntax previous || !previous.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        var option = previous.Token.ValueText;
        var start = 0;
        while (start < option.Length && start < 2 && (option[start] == '-' || option[start] == '/'))
        {
            start++;
        }

        // "--password", "/password": a word after the dashes; "-p" and other single letters say nothing.
        return start > 0 && option.Length - start >= 3 && option.IndexOf('=') < 0 && option.IndexOf(' ') < 0 ? option.Substring(start) : null;
    }
}
