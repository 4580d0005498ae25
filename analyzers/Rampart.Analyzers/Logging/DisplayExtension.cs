using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A string extension method of this compilation that formats an object for display
/// (<c>p.ToDisplayString()</c> with <c>ToDisplayString(this Patient p) =&gt; $"{p.FullName} ({p.DateOfBirth})"</c>):
/// its text is built from the receiver's members its body reads, judged by their names. Read from the
/// declaration's syntax, so the extension may be in another file.
/// </summary>
internal static class DisplayExtension
{
    /// <summary>The receiver's type and the names of its members the body reads (<c>p.FullName</c>), or null.</summary>
    public static (INamedTypeSymbol Receiver, HashSet<string> Members)? Of(IInvocationOperation call)
    {
        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        if (!method.IsExtensionMethod || method.ReturnType.SpecialType != SpecialType.System_String || method.Parameters.Length == 0
            || method.Parameters[0].Type is not INamedTypeSymbol receiver || !IsInSource(receiver)
            || ValueFlow.SaysSafe(method.Name) || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return null;
        }

        var self = method.Parameters[0].Name;
        var members = new HashSet<string>(System.StringComparer.Ordinal);
        SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (body is null)
        {
            return null;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: { } owner }, Name.Identifier.ValueText: { } member }
                && owner == self)
            {
                members.Add(member);
            }
        }

        return members.Count == 0 ? null : (receiver, members);
    }

    private static bool IsInSource(INamedTypeSymbol type)
    {
        foreach (var location in type.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }
}
