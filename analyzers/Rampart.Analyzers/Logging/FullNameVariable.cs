using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Decides whether a parameter or local called <c>fullName</c> holds a person's name. Members called
/// <c>FullName</c> count on a person's type only (<c>Type.FullName</c>, <c>FileInfo.FullName</c> and a
/// repository's full name are not); a plain variable is a person's name unless where it lives or where
/// its value comes from says it is a file, path, type or another thing's name.
/// </summary>
internal static class FullNameVariable
{
    /// <summary>Words of method, type and sibling names that say a full name is a thing's, not a person's.</summary>
    private static readonly HashSet<string> ThingWords = new(System.StringComparer.Ordinal)
    {
        "file", "files", "path", "paths", "dir", "directory", "directories", "folder", "folders", "type", "types",
        "assembly", "assemblies", "namespace", "namespaces", "symbol", "symbols", "class", "classes", "repository",
        "repositories", "repo", "repos", "plugin", "plugins", "module", "modules", "package", "packages", "project",
        "projects", "resource", "resources", "metadata", "media", "shortcut", "shortcuts", "blob", "blobs", "branch",
        "branches", "schema", "table", "column", "host", "image", "images",
        "fs", "filesystem", "resolver", "reflection", "method", "field",
    };

    /// <summary>True when <paramref name="symbol"/> is a string parameter or local that holds a person's full name.</summary>
    public static bool IsPersonsName(ISymbol? symbol, SemanticModel? model)
    {
        switch (symbol)
        {
            case IParameterSymbol { Type.SpecialType: SpecialType.System_String } parameter:
                return !LivesAmongThings(parameter.ContainingSymbol, parameter);

            case ILocalSymbol { Type.SpecialType: SpecialType.System_String } local:
                return !LivesAmongThings(local.ContainingSymbol, null) && !ComesFromAThing(local, model);

            default:
                return false;
        }
    }

    /// <summary>The method, its type or another of its parameters is named for files, types or other things.</summary>
    private static bool LivesAmongThings(ISymbol? container, IParameterSymbol? self)
    {
        for (var s = container; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
        {
            if (NamesAThing(s.Name))
            {
                return true;
            }

            if (s is IMethodSymbol method)
            {
                foreach (var sibling in method.Parameters)
                {
                    if (!SymbolEqualityComparer.Default.Equals(sibling, self) && (NamesAThing(sibling.Name) || IsFrameworkThing(sibling.Type)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The local is initialised from a thing's member (<c>file.FullName</c>) or a call named for things (<c>Path.GetFullPath</c>).</summary>
    private static bool ComesFromAThing(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length == 0
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            || initializer.SyntaxTree != model.SyntaxTree)
        {
            return false;
        }

        var value = model.GetOperation(initializer);
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IConditionalAccessOperation conditional)
        {
            value = conditional.WhenNotNull;
        }

        switch (value)
        {
            case IPropertyReferenceOperation property:
                return !PersonalDataNames.IsPersonType(property.Property.ContainingType.Name);
            case IFieldReferenceOperation field:
                return !PersonalDataNames.IsPersonType(field.Field.ContainingType.Name);
            case IInvocationOperation call:
                return NamesAThing(call.TargetMethod.Name) || NamesAThing(call.TargetMethod.ContainingType.Name);
            default:
                return false;
        }
    }

    private static bool NamesAThing(string name)
    {
        foreach (var word in NameTokenizer.Split(name))
        {
            if (ThingWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Type, Assembly, MemberInfo, FileSystemInfo and their kin: a full name next to one of these is theirs.</summary>
    private static bool IsFrameworkThing(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.IO" or "System.Reflection" || (ns == "System" && type.Name == "Type");
    }
}
