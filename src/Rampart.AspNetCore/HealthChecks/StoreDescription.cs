namespace Rampart.AspNetCore.HealthChecks;

/// <summary>What a check says about a store: its type name only, never a connection string.</summary>
internal static class StoreDescription
{
    public static string Of(object store) => store.GetType().Name;
}
