using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Bytes written as text: <c>Convert.ToBase64String(faceTemplate)</c>, <c>Convert.ToHexString</c>,
/// <c>BitConverter.ToString</c>, <c>Encoding.UTF8.GetString</c>. The text carries the bytes whole, so
/// it is what the bytes are.
/// </summary>
internal static class EncodedBytes
{
    /// <summary>The bytes an encoding call writes as text, or null.</summary>
    public static IOperation? Of(IInvocationOperation call)
    {
        if (call.Arguments.Length == 0 || call.TargetMethod.ReturnType.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (type?.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Text"))
        {
            return null;
        }

        var encodes = (type.Name, method.Name) switch
        {
            ("Convert", "ToBase64String" or "ToHexString" or "ToHexStringLower") => true,
            ("BitConverter", "ToString") => true,
            ("Encoding", "GetString") => true,
            _ => false,
        };
        if (!encodes && !(method.Name == "GetString" && InheritsEncoding(type)))
        {
            return null;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool InheritsEncoding(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.Name == "Encoding" && t.ContainingNamespace?.ToDisplayString() == "System.Text")
            {
                return true;
            }
        }

        return false;
    }
}
