using Microsoft.CodeAnalysis;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A method that returns an entity's or a grain's primary key (Orleans' <c>GetPrimaryKeyString()</c>,
/// <c>GetPrimaryKeyLong()</c>, <c>GetPrimaryKey()</c>): the key is the record's identifier, not a
/// credential, so its name says nothing about what it holds. A value taken from it is judged by the
/// name it is given (<c>var email = GetPrimaryKeyString()</c>).
/// </summary>
internal static class PrimaryKeyAccessor
{
    public static bool Returns(IMethodSymbol method)
    {
        if (!method.Name.StartsWith("GetPrimaryKey", System.StringComparison.Ordinal) || method.Parameters.Length > (method.IsExtensionMethod ? 1 : 0))
        {
            return false;
        }

        var words = NameTokenizer.Split(method.Name);
        if (words.Count > 4 || (words.Count == 4 && words[3] is not ("string" or "long" or "guid" or "int" or "value")))
        {
            return false;
        }

        var type = method.ReturnType;
        return type.SpecialType is SpecialType.System_String or SpecialType.System_Int64 or SpecialType.System_Int32
            || type is { Name: "Guid", ContainingNamespace.Name: "System" };
    }
}
