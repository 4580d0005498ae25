using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Encodings that keep the data readable by anyone with the log: Base64 and hex (<c>Convert.ToBase64String</c>,
/// <c>Convert.ToHexString</c>, <c>BitConverter.ToString</c>), text to bytes and back (<c>Encoding.UTF8.GetBytes</c>,
/// <c>GetString</c>) and URL or HTML escaping. What they were given is what is logged; a hash is not an encoding.
/// </summary>
internal static class EncodedText
{
    /// <summary>The value <paramref name="call"/> encodes, or null when it is not such an encoding.</summary>
    public static IOperation? Source(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (type is null || call.Arguments.Length == 0)
        {
            return null;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        var encodes = (type.Name, ns) switch
        {
            ("Convert", "System") => method.Name is "ToBase64String" or "ToHexString" or "ToHexStringLower",
            ("BitConverter", "System") => method.Name == "ToString",
            ("Uri", "System") => method.Name is "EscapeDataString" or "EscapeUriString",
            ("WebUtility", "System.Net") => method.Name is "UrlEncode" or "HtmlEncode",
            ("HttpUtility", "System.Web") => method.Name is "UrlEncode" or "HtmlEncode" or "JavaScriptStringEncode",
            ("Base64Url", "System.Buffers.Text") => method.Name == "EncodeToString",
            _ => IsTextEncoding(type) && method.Name is "GetBytes" or "GetString",
        };
        if (!encodes)
        {
            return null;
        }

        // The data is the first argument of these (an offset or a length follows it).
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>An array or span of bytes: text by name only once encoded.</summary>
    public static bool IsBytes(ITypeSymbol? type)
        => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
            || type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory", TypeArguments.Length: 1 } span
                && span.TypeArguments[0].SpecialType == SpecialType.System_Byte;

    private static bool IsTextEncoding(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "Encoding" && t.ContainingNamespace?.ToDisplayString() == "System.Text")
            {
                return true;
            }
        }

        return false;
    }
}
