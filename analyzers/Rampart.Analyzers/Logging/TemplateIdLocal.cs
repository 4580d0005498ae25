using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A local named for an e-mail ("email") whose initializer is made from a template's id or key
/// (<c>var email = $"tpl-{templateKey}-v3"</c>, <c>var email = options.WelcomeTemplateId</c>): it names
/// which mail is sent, not anyone's address.
/// </summary>
internal static class TemplateIdLocal
{
    public static bool HoldsTemplateId(ILocalSymbol local)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return false;
        }

        var fromTemplate = false;
        foreach (var node in value.DescendantNodesAndSelf())
        {
            if (node is LiteralExpressionSyntax or InterpolatedStringTextSyntax && node.ToString().IndexOf('@') >= 0)
            {
                return false; // text with an '@' is an address
            }

            if (node is IdentifierNameSyntax identifier && NameTokenizer.Split(identifier.Identifier.ValueText).Contains("template"))
            {
                fromTemplate = true;
            }
            else if (node is IdentifierNameSyntax other && PersonalDataNames.Describe(other.Identifier.ValueText, System.Array.Empty<string>(), System.Array.Empty<string>()) is not null)
            {
                return false; // made from personal data too ("$"{user.Email}"")
            }
        }

        return fromTemplate;
    }
}
