using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Compliance.Classification;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// JSON paths (<c>$.customer.email</c>; array elements share their array's path) of the fields a
/// request type classifies with <see cref="DataClassificationAttribute"/>, found once per type.
/// </summary>
internal sealed class JsonFieldClassifications
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, JsonFieldClassifications> Cache = new();

    private JsonFieldClassifications(Dictionary<string, DataClassification> byPath)
    {
        ByPath = byPath;
        Tails = new HashSet<string>(byPath.Keys.Select(p => p[(p.LastIndexOf('.') + 1)..]), StringComparer.OrdinalIgnoreCase);
    }

    public static JsonFieldClassifications Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    public Dictionary<string, DataClassification> ByPath { get; }

    /// <summary>The last segment of every path, to skip path lookups for names that cannot match.</summary>
    public HashSet<string> Tails { get; }

    public static JsonFieldClassifications For(Type? type)
        => type is null ? Empty : Cache.GetOrAdd(type, static t =>
        {
            var paths = new Dictionary<string, DataClassification>(StringComparer.OrdinalIgnoreCase);
            Collect(t, "$", paths, 0);
            return paths.Count == 0 ? Empty : new JsonFieldClassifications(paths);
        });

    private static void Collect(Type type, string path, Dictionary<string, DataClassification> paths, int depth)
    {
        type = ElementType(type);
        if (depth >= MaxDepth || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var childPath = path + "." + name;
            var classification = property.GetCustomAttribute<DataClassificationAttribute>()?.Classification
                ?? ParameterClassification(type, property.Name);
            if (classification is { } found && found != DataClassification.None)
            {
                paths[childPath] = found;
            }
            else
            {
                Collect(property.PropertyType, childPath, paths, depth + 1);
            }
        }
    }

    // Positional records put the attribute on the constructor parameter.
    private static DataClassification? ParameterClassification(Type type, string propertyName)
    {
        foreach (var constructor in type.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (string.Equals(parameter.Name, propertyName, StringComparison.Ordinal)
                    && parameter.GetCustomAttribute<DataClassificationAttribute>() is { } attribute)
                {
                    return attribute.Classification;
                }
            }
        }

        return null;
    }

    private static Type ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            return type.GetGenericArguments()[^1];
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
