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

    /// <summary>
    /// Roles are kept beside the scopes, in the same column, as <c>@name</c>: no scope can start with
    /// <c>@</c>, so the two never mix, no migration is needed, and a reader that knows nothing of roles
    /// sees a scope that covers nothing.
    /// </summary>
    public const char RoleMarker = '@';

    /// <summary>The scopes and the marked roles of <paramref name="record"/>, as stored.</summary>
    public static string[] Grants(ApiKeyRecord record)
        => record.Roles.Count == 0 ? [.. record.Scopes] : [.. record.Scopes, .. record.Roles.Select(role => RoleMarker + role)];

    /// <summary>The scopes of a stored grant list.</summary>
    public static string[] ScopesOf(string[] grants)
        => Array.FindIndex(grants, IsRole) < 0 ? grants : Array.FindAll(grants, grant => !IsRole(grant));

    /// <summary>The roles of a stored grant list.</summary>
    public static string[] RolesOf(string[] grants)
        => Array.FindIndex(grants, IsRole) < 0 ? [] : Array.ConvertAll(Array.FindAll(grants, IsRole), grant => grant[1..]);

    private static bool IsRole(string grant) => grant.Length > 1 && grant[0] == RoleMarker;
}
