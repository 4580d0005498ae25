using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>How alerts are written as JSON: camelCase members, snake_case enum values, no nulls.</summary>
internal static class AlertJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Name(AlertSignal signal) => signal switch
    {
        AlertSignal.Rejections => "rejections",
        AlertSignal.RateLimited => "rate_limited",
        AlertSignal.StoreFailures => "store_failures",
        _ => "leaked_key",
    };

    public static string Name(AlertScope scope) => scope switch
    {
        AlertScope.All => "all",
        AlertScope.Organization => "organization",
        _ => "key",
    };
}
