using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Rampart.AspNetCore;

namespace Rampart.OpenApi;

/// <summary>
/// Adds the API-key security scheme in the form the app reads keys (RFC 6750 bearer, or the
/// configured header), the query form only when allowed, and the problem-body schema.
/// </summary>
internal sealed class RampartSecuritySchemeTransformer(IOptions<RampartOptions> rampart) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var authentication = rampart.Value.Authentication;
        var keys = rampart.Value.Keys;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        var format = $"Rampart API key ({keys.Prefix}_live_… or {keys.Prefix}_test_…)";
        document.Components.SecuritySchemes[RampartOpenApi.SecuritySchemeName] = authentication.HeaderName is { } header
            ? new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = format }
            : new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "Rampart API key", Description = format };
        if (authentication.AllowQueryString)
        {
            document.Components.SecuritySchemes[RampartOpenApi.QuerySecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = authentication.QueryParameterName,
                Description = format + ", in the query string: avoid, URLs end up in logs",
            };
        }

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[RampartOpenApi.ProblemSchemaName] = ProblemSchema();
        return Task.CompletedTask;
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Nothing from the request is echoed back. See docs/errors.md.",
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "urn:rampart:problem:<code with dashes>" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What the caller can fix." },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable and machine-readable, e.g. unknown_key, insufficient_scope, rate_limited.", Examples = [JsonValue.Create("unknown_key")] },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
