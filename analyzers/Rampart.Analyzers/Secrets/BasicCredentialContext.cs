using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// HTTP Basic credentials written as literals: the base64 parameter of
/// <c>new AuthenticationHeaderValue("Basic", "...")</c>, or the "user:password" text encoded by
/// <c>Convert.ToBase64String(Encoding.X.GetBytes("..."))</c>, a literal or a concatenation of constants.
/// </summary>
internal static class BasicCredentialContext
{
    public static bool Holds(ExpressionSyntax literal, string value)
    {
        if (literal.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax list } argument)
        {
            return false;
        }

        // ("Basic", "<base64>") as the two arguments of a header value.
        if (list.Arguments.Count == 2 && list.Arguments[1] == argument
            && list.Arguments[0].Expression is LiteralExpressionSyntax scheme && scheme.IsKind(SyntaxKind.StringLiteralExpression)
            && string.Equals(scheme.Token.ValueText, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionCredentials.IsEncodedUserAndPassword(value);
        }

        // ToBase64String(X.GetBytes("user:password")).
        return list.Arguments.Count == 1
            && list.Parent is InvocationExpressionSyntax getBytes && NameOf(getBytes) == "GetBytes"
            && getBytes.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax encode } }
            && NameOf(encode) == "ToBase64String"
            && ConnectionCredentials.IsUserAndPassword(value);
    }

    /// <summary>Authorization schemes whose parameter is a token on its own (Okta's "SSWS", GitHub's "token", …).</summary>
    private static readonly string[] TokenSchemes = { "Bearer", "SSWS", "Token", "ApiKey", "Api-Key", "GenieKey", "Splunk", "DeepL-Auth-Key" };

    /// <summary>The length of "Scheme " when <paramref name="value"/> starts with a token scheme and a space, else 0.</summary>
    public static int TokenSchemeLength(string value)
    {
        foreach (var scheme in TokenSchemes)
        {
            if (value.Length > scheme.Length + 1 && value[scheme.Length] == ' ' && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return scheme.Length + 1;
            }
        }

        return 0;
    }

    /// <summary>True for the second of two arguments whose first is a token scheme: <c>new AuthenticationHeaderValue("SSWS", "...")</c>.</summary>
    public static bool FollowsTokenScheme(LiteralExpressionSyntax literal)
        => literal.Parent is ArgumentSyntax { Parent: ArgumentListSyntax list } argument
            && list.Arguments.Count == 2 && list.Arguments[1] == argument
            && list.Arguments[0].Expression is LiteralExpressionSyntax scheme && scheme.IsKind(SyntaxKind.StringLiteralExpression)
            && Array.Exists(TokenSchemes, s => string.Equals(s, scheme.Token.ValueText, StringComparison.OrdinalIgnoreCase));

    private static string? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        _ => null,
    };
}
