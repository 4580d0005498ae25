using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// HTTP Basic credentials written as literals: the base64 parameter of
/// <c>new AuthenticationHeaderValue("Basic", "...")</c>, or the "user:password" text encoded by
/// <c>Convert.ToBase64String(Encoding.X.GetBytes("..."))</c>.
/// </summary>
internal static class BasicCredentialContext
{
    public static bool Holds(LiteralExpressionSyntax literal, string value)
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

    private static string? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        _ => null,
    };
}
