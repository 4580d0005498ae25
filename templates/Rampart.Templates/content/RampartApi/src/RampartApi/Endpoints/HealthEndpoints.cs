namespace RampartApi.Endpoints;

/// <summary>Endpoints that answer without a key.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Public on purpose: load balancers call it without a key.
        endpoints.MapGet("/health", () => Results.Ok(new { status = "healthy" })).AllowAnonymous();
        return endpoints;
    }
}
