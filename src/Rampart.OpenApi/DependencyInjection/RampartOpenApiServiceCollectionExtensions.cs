using Microsoft.AspNetCore.OpenApi;
using Rampart.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Describes Rampart in the app's OpenAPI documents (Microsoft.AspNetCore.OpenApi).</summary>
public static class RampartOpenApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the OpenAPI document <paramref name="documentName"/> (<c>/openapi/{documentName}.json</c> with
    /// <c>app.MapOpenApi()</c>), or extends it when the app adds it too, with Rampart's security scheme,
    /// per-operation security requirements and scopes, and the 401/403/429/503 problem responses.
    /// The admin endpoints are left out of it; <c>AddRampartOpenApi(RampartOpenApi.AdminDocumentName)</c>
    /// describes them in a document of their own. Calling it twice for a document is harmless.
    /// </summary>
    public static IServiceCollection AddRampartOpenApi(this IServiceCollection services, string documentName = "v1")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(documentName);

        services.AddOpenApi(documentName);
        services.Configure<OpenApiOptions>(documentName, static options => options.AddRampart());
        if (documentName == RampartOpenApi.AdminDocumentName)
        {
            // Only the admin endpoints: the app's own, ungrouped ones belong to its public document.
            services.Configure<OpenApiOptions>(documentName, static options => options.ShouldInclude = static d => d.GroupName == RampartOpenApi.AdminDocumentName);
        }

        return services;
    }

    /// <summary>
    /// Adds Rampart's transformers to one document's options, for apps that configure the document
    /// themselves: <c>services.AddOpenApi("v1", o => o.AddRampart())</c>. Adding them twice is harmless.
    /// </summary>
    public static OpenApiOptions AddRampart(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Added.TryAdd(options, true))
        {
            options.AddDocumentTransformer<RampartSecuritySchemeTransformer>();
            options.AddOperationTransformer<RampartOperationTransformer>();
        }

        return options;
    }

    // Which options instances already carry the transformers; weak, so options can be collected.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OpenApiOptions, object> Added = [];
}
