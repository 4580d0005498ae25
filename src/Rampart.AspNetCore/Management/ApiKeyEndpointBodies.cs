using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// The JSON bodies the admin endpoints accept. Unknown members are refused, so a typo cannot silently
/// drop a field, and so are repeated members, so no two readers of one body can see different values.
/// </summary>
internal static class ApiKeyEndpointBodies
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 8,
    };

    public sealed class Create
    {
        public string? Name { get; set; }

        public string[]? Scopes { get; set; }

        public string[]? Roles { get; set; }

        public string? Owner { get; set; }

        public string? Organization { get; set; }

        public string? Environment { get; set; }

        /// <summary>A duration (<c>90d</c>) or an ISO 8601 date-time.</summary>
        public string? Expires { get; set; }

        public string? Tier { get; set; }
    }

    public sealed class Update
    {
        public string? Name { get; set; }

        public string[]? Scopes { get; set; }

        public string[]? Roles { get; set; }

        /// <summary>Operators only.</summary>
        public string? Tier { get; set; }

        public string? Expires { get; set; }
    }

    public sealed class Rotate
    {
        /// <summary>A duration such as <c>24h</c>; the configured default when absent.</summary>
        public string? Grace { get; set; }
    }
}
