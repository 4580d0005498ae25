using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// What an object writes when it is logged whole. A record prints every member unless it declares its own
/// <c>ToString</c> or <c>PrintMembers</c>; a class prints its type's name unless it overrides <c>ToString</c>.
/// A declared override in source is read for the names it mentions (<c>$"{Name} &lt;{Email}&gt;"</c>).
/// </summary>
internal static class PrintedMembers
{
    /// <summary>
    /// The names the type's own <c>ToString</c> (or a record's <c>PrintMembers</c>) mentions, or null when it
    /// declares neither in source (a record then prints all its members).
    /// </summary>
    public static HashSet<string>? NamesPrinted(INamedTypeSymbol type)
    {
        IMethodSymbol? printer = null;
        foreach (var member in type.GetMembers("ToString"))
        {
            if (member is IMethodSymbol { IsOverride: true, IsImplicitlyDeclared: false, Parameters.Length: 0 } toString)
            {
                printer = toString;
            }
        }

        if (printer is null && type.IsRecord)
        {
            foreach (var member in type.GetMembers("PrintMembers"))
            {
                if (member is IMethodSymbol { IsImplicitlyDeclared: false, Parameters.Length: 1 } printMembers)
                {
                    printer = printMembers;
                }
            }
        }

        if (printer is null || printer.DeclaringSyntaxReferences.Length != 1
            || printer.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return null;
        }

        var names = new HashSet<string>(System.StringComparer.Ordinal);
        SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (body is null)
        {
            return names;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier)
            {
                names.Add(identifier.Identifier.ValueText);
            }
        }

        return names;
    }
}
