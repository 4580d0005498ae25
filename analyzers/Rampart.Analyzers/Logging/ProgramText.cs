using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A local that only ever holds text of the program itself: a sentence written in the code, a
/// localized resource string (<c>Strings.EnterPassword</c>), or a format of one
/// (<c>string.Format(Strings.EnterPasswordFor, botName)</c>). Such a local named <c>passwordText</c>
/// holds the question, not the password, so it is judged by what it holds: only the format's other
/// arguments can carry data.
/// </summary>
internal static class ProgramText
{
    /// <summary>
    /// The values formatted into the text <paramref name="local"/> holds (empty for plain text), or
    /// null when the local is not known to hold program text.
    /// </summary>
    public static IReadOnlyList<IOperation>? FormattedInto(ILocalReferenceOperation local)
    {
        var symbol = local.Local;
        if (symbol.Type?.SpecialType != SpecialType.System_String || local.SemanticModel is not { } model
            || ValueFlow.Initializer(symbol, model) is not { } initializer || IsWrittenAgain(symbol, model))
        {
            return null;
        }

        var arguments = new List<IOperation>();
        return IsText(initializer, arguments, depth: 0) ? arguments : null;
    }

    private static bool IsText(IOperation value, List<IOperation> arguments, int depth)
    {
        value = LoggingAnalyzer.Unwrap(value);
        if (depth > 3)
        {
            return false;
        }

        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return SecretText.IsNaturalLanguage(WithoutPlaceholders(constant));
        }

        if (IsResourceString(value))
        {
            return true;
        }

        // string.Format(text, …) or a helper that formats one (FormatMessage(text, name)).
        if (value is IInvocationOperation { TargetMethod: { } method } call && method.ReturnType.SpecialType == SpecialType.System_String
            && IsFormatName(method.Name))
        {
            var textFound = false;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Type.Name == "IFormatProvider" || argument.IsImplicit && argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (!textFound && argument.Value.Type?.SpecialType is SpecialType.System_String or null && IsText(argument.Value, arguments, depth + 1))
                {
                    textFound = true;
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && LoggingAnalyzer.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } elements })
                {
                    arguments.AddRange(elements.ElementValues);
                }
                else
                {
                    arguments.Add(argument.Value);
                }
            }

            return textFound;
        }

        // The same call left unbound because the resource class is generated at build time and not
        // there to bind to: its arguments are read from the syntax.
        if (value is IInvalidOperation { Syntax: InvocationExpressionSyntax invocation } invalid && IsFormatName(MethodName(invocation)))
        {
            var textFound = false;
            foreach (var child in invalid.ChildOperations)
            {
                if (child.Syntax.Parent is not ArgumentSyntax)
                {
                    continue; // the receiver
                }

                if (!textFound && IsText(child, arguments, depth + 1))
                {
                    textFound = true;
                    continue;
                }

                arguments.Add(child);
            }

            return textFound;
        }

        return false;
    }

    private static bool IsFormatName(string? name)
        => name == "Format" || name is { Length: > 6 } && name.StartsWith("Format", System.StringComparison.Ordinal) && char.IsUpper(name[6]);

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// A string property of a resource class: one generated from a .resx file (it has a static
    /// <c>ResourceManager</c>), or, when the generated class is not there to bind to, a member of a
    /// class named so (<c>Strings.X</c>, <c>Resources.X</c>).
    /// </summary>
    public static bool IsResourceString(IOperation value)
    {
        if (value is IPropertyReferenceOperation { Property: { IsStatic: true } property } && property.Type.SpecialType == SpecialType.System_String)
        {
            foreach (var member in property.ContainingType.GetMembers("ResourceManager"))
            {
                if (member is IPropertySymbol { IsStatic: true, Type.Name: "ResourceManager" })
                {
                    return true;
                }
            }

            return false;
        }

        if (value is not IInvalidOperation || value.Syntax is not MemberAccessExpressionSyntax access)
        {
            return false;
        }

        var owner = access.Expression switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText,
            _ => null,
        };
        return owner is not null && (owner.EndsWith("Strings", System.StringComparison.Ordinal) || owner.EndsWith("Resources", System.StringComparison.Ordinal));
    }

    /// <summary>True when the local is assigned, or handed out by reference, after its declaration.</summary>
    private static bool IsWrittenAgain(ILocalSymbol local, SemanticModel model)
    {
        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax();
        var scope = declaration.FirstAncestorOrSelf<BlockSyntax>() ?? declaration.Parent;
        if (scope is null)
        {
            return true;
        }

        foreach (var node in scope.DescendantNodes())
        {
            var written = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } byReference => byReference.Expression,
                _ => null,
            };
            if (written is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Enter the password for {0}:" without its "{0}" holes.</summary>
    private static string WithoutPlaceholders(string format)
    {
        var text = new System.Text.StringBuilder(format.Length);
        var depth = 0;
        foreach (var c in format)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
