using Microsoft.CodeAnalysis;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Members a JSON serializer leaves out: <c>[JsonIgnore]</c> of System.Text.Json or Newtonsoft.Json
/// (System.Text.Json's with no <c>Condition</c>, or <c>Condition = Always</c>).
/// </summary>
internal static class JsonIgnored
{
    public static bool HasIgnoredMember(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol property && IsIgnored(property))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsIgnored(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass is not { Name: "JsonIgnoreAttribute" } attributeClass)
            {
                continue;
            }

            var space = attributeClass.ContainingNamespace?.ToDisplayString();
            if (space == "Newtonsoft.Json")
            {
                return true;
            }

            if (space != "System.Text.Json.Serialization")
            {
                continue;
            }

            var always = true;
            foreach (var named in attribute.NamedArguments)
            {
                // JsonIgnoreCondition.Always is 1; WhenWritingNull and the others still write a set value.
                if (named.Key == "Condition" && named.Value.Value is int condition)
                {
                    always = condition == 1;
                }
            }

            return always;
        }

        return false;
    }
}
