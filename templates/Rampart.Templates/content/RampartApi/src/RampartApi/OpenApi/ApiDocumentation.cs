using Scalar.AspNetCore;

namespace RampartApi.OpenApi;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and its interactive explorer (<c>/scalar</c>).</summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
        => services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
        });

    /// <summary>
    /// Maps the document and the explorer without a key. Call it in Development only: the document
    /// describes every endpoint, the admin ones too.
    /// </summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(explorer => explorer
            .WithTitle("RampartApi")
            // The explorer asks for a key under this scheme and sends it as Authorization: Bearer.
            .AddPreferredSecuritySchemes(ApiKeySecurityTransformer.SchemeName))
            .AllowAnonymous();
        return endpoints;
    }
}
