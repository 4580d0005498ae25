using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Members of library types whose value is the caller's data whatever they are named: gRPC's
/// <c>ServerCallContext.Peer</c> (the client's address) and <c>RequestHeaders</c> (its metadata, authorization
/// included), and the credential of a parsed <c>AuthenticationHeaderValue</c> (<c>Parameter</c>; its
/// <c>Scheme</c> is not one).
/// </summary>
internal static class ClientDataMembers
{
    /// <summary>What the member <paramref name="operation"/> reads holds, or null.</summary>
    public static (string Name, string Description)? Describe(IOperation operation)
    {
        if (operation is not IPropertyReferenceOperation { Property: { } property })
        {
            return null;
        }

        if (property.Name == "Peer" && DerivesFrom(property.ContainingType, "ServerCallContext", "Grpc.Core"))
        {
            return ("Peer", "the caller's network address (an IP address)");
        }

        if (property.Name == "Parameter" && property.ContainingType is { Name: "AuthenticationHeaderValue" } header
            && header.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Headers")
        {
            return ("Parameter", "the Authorization header's credential (a token or password)");
        }

        if (IsQueryString(property.Type) || property.Name == "Value" && IsQueryString(property.ContainingType))
        {
            // Request.QueryString, Request.Query written whole: reset tokens, e-mail addresses and codes sent in the URL.
            return (property.Name, "the whole query string (tokens and personal data sent in the URL)");
        }

        if (property.Name == "Body" && property.Type.SpecialType == SpecialType.System_String && IsGatewayRequest(property.ContainingType))
        {
            return ("Body", "the raw request body (what the client sent: personal data and credentials)");
        }

        return null;
    }

    /// <summary>An API Gateway request of AWS Lambda (<c>APIGatewayProxyRequest</c>, …), which carries the client's headers and body.</summary>
    public static bool IsGatewayRequest(ITypeSymbol? type)
        => type is { Name: { } name } && name.EndsWith("Request", System.StringComparison.Ordinal)
            && type.ContainingNamespace?.ToDisplayString() == "Amazon.Lambda.APIGatewayEvents";

    private static bool IsQueryString(ITypeSymbol? type)
        => type is { Name: "QueryString" or "IQueryCollection" } && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http";

    /// <summary>gRPC's request or response metadata, written whole: every entry's value, authorization included.</summary>
    public static bool IsCallMetadata(ITypeSymbol type) => DerivesFrom(type as INamedTypeSymbol, "Metadata", "Grpc.Core");

    /// <summary>
    /// A look-up of one header or metadata entry by a constant key (<c>metadata.GetValue("authorization")</c>,
    /// <c>headers.GetValues("Authorization")</c>): the key names what is returned.
    /// </summary>
    public static string? LookedUpKey(IInvocationOperation call)
    {
        if (call.TargetMethod.Name is not ("GetValue" or "GetValues" or "Get" or "GetValueOrDefault" or "GetString")
            || call.Instance?.Type is not { } owner || !IsHeaderCollection(owner))
        {
            return null;
        }

        string? key = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (key is not null || argument.Value.ConstantValue is not { HasValue: true, Value: string text })
            {
                return null;
            }

            key = text;
        }

        return key;
    }

    /// <summary>gRPC metadata, ASP.NET Core's and HttpClient's header collections, and the classic name-value ones.</summary>
    private static bool IsHeaderCollection(ITypeSymbol type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            var ns = t.ContainingNamespace?.ToDisplayString();
            if (t.Name == "Metadata" && ns == "Grpc.Core" || ns == "System.Net.Http.Headers" && t.Name.EndsWith("Headers", System.StringComparison.Ordinal)
                || t.Name is "NameValueCollection" or "WebHeaderCollection")
            {
                return true;
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.Name == "IHeaderDictionary" && @interface.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http")
            {
                return true;
            }
        }

        return type.Name == "IHeaderDictionary";
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, string name, string ns)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == name && t.ContainingNamespace?.ToDisplayString() == ns)
            {
                return true;
            }
        }

        return false;
    }
}
