using System.Text.Json;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>How stores write the parts of a record that have no native column type: environments and scope lists.</summary>
internal static class ApiKeyRecordText
{
    public const string Live = "live";
    public const string Test = "test";

    public static string Environment(ApiKeyEnvironment environment) => environment == ApiKeyEnvironment.Test ? Test : Live;

    public static ApiKeyEnvironment ParseEnvironment(string text) => text switch
    {
        Live => ApiKeyEnvironment.Live,
        Test => ApiKeyEnvironment.Test,
        _ => throw new InvalidDataException($"The stored environment '{text}' is neither '{Live}' nor '{Test}'."),
    };

    public static string Scopes(IReadOnlyList<string> scopes) => JsonSerializer.Serialize(scopes, ApiKeyRecordJson.Default.IReadOnlyListString);

    public static string[] ParseScopes(string json) => JsonSerializer.Deserialize(json, ApiKeyRecordJson.Default.StringArray) ?? [];
}
