using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Rampart.AspNetCore.Authorization;

namespace RampartApi.OpenApi;

/// <summary>
/// Describes Rampart's API keys in the OpenAPI document: a bearer scheme, and on every endpoint that
/// needs a key (all but those marked <c>.AllowAnonymous()</c>) the requirement, the scopes it names
/// and the answers Rampart gives (401, 403, 429).
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The name of the scheme in the document's components.</summary>
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key issued by this app (tmplprefix_live_…, tmplprefix_test_… in Development), sent as `Authorization: Bearer <key>`. Never in the query string.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        var scopes = metadata.OfType<RequireScopesAttribute>().SelectMany(s => s.Scopes).Distinct(StringComparer.Ordinal).ToList();
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes,
        });

        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or a malformed, unknown, expired or revoked one." });
        if (scopes.Count > 0)
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key lacks a scope: " + string.Join(", ", scopes) + "." });
        }

        operation.Responses.TryAdd("429", new OpenApiResponse { Description = "A rate limit of the key or its organisation is reached; see Retry-After." });
        return Task.CompletedTask;
    }
}
