using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// The <c>apiKey</c> of a Firebase web or app configuration (<c>new FirebaseOptions { ApiKey = "AIza..." }</c>,
/// <c>var firebaseConfig = new { apiKey = "AIza..." }</c>): Firebase publishes it to every client and
/// restricts it by app and rules, so it is an identifier, not a secret. Read from the syntax only for
/// values already found to be Google API keys.
/// </summary>
internal static class FirebaseWebConfigContext
{
    public static bool Holds(SyntaxNode literal)
    {
        var member = literal.Parent switch
        {
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } => left.Identifier.ValueText,
            AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals } => nameEquals.Name.Identifier.ValueText,
            _ => null,
        };
        if (!string.Equals(member, "apiKey", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var ancestor in literal.Ancestors())
        {
            switch (ancestor)
            {
                case ObjectCreationExpressionSyntax creation when NamesFirebase(creation.Type.ToString()):
                case VariableDeclaratorSyntax declarator when NamesFirebase(declarator.Identifier.ValueText):
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when NamesFirebase(target.Identifier.ValueText):
                    return true;
                case MethodDeclarationSyntax method:
                    return NamesFirebase(method.ReturnType.ToString()) || NamesFirebase(method.Identifier.ValueText);
                case PropertyDeclarationSyntax property:
                    return NamesFirebase(property.Type.ToString()) || NamesFirebase(property.Identifier.ValueText);
                case FieldDeclarationSyntax field:
                    return NamesFirebase(field.Declaration.Type.ToString());
                case TypeDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool NamesFirebase(string text) => text.IndexOf("firebase", StringComparison.OrdinalIgnoreCase) >= 0;
}
