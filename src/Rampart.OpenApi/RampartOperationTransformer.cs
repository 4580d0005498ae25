using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.OpenApi;

/// <summary>
/// For every operation that takes a Rampart key: the security requirement (with the scopes of its
/// <c>RequireScopes</c> metadata) and the answers Rampart may give instead of the endpoint's,
/// 401, 403, 429 and 503, as problem bodies with their headers. Answers the app documented itself are kept.
/// </summary>
internal sealed class RampartOperationTransformer(
    IOptions<RampartOptions> rampart,
    IOptions<AuthorizationOptions> authorization,
    IOptions<AuthenticationOptions> authentication,
    IOptionsMonitor<OpenApiOptions> openApi) : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!TakesKey(metadata))
        {
            return Task.CompletedTask;
        }

        var scopes = metadata.OfType<RequireScopesAttribute>().SelectMany(a => a.Scopes).Distinct(StringComparer.Ordinal).ToList();
        // OpenAPI 3.1 lets a requirement on a non-OAuth scheme list roles; 3.0 wants the list empty.
        var listed = openApi.Get(context.DocumentName).OpenApiVersion >= OpenApiSpecVersion.OpenApi3_1 ? scopes : [];
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(RampartOpenApi.SecuritySchemeName, context.Document)] = listed,
        });
        if (rampart.Value.Authentication.AllowQueryString)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(RampartOpenApi.QuerySecuritySchemeName, context.Document)] = [.. listed],
            });
        }

        if (scopes.Count > 0)
        {
            var needed = $"Requires an API key with the scope{(scopes.Count > 1 ? "s" : string.Empty)} {string.Join(", ", scopes.Select(s => $"`{s}`"))}.";
            operation.Description = operation.Description is { Length: > 0 } existing ? existing + "\n\n" + needed : needed;
        }

        operation.Responses ??= [];
        Add(operation, context, "401", "No valid API key: missing, malformed, unknown, expired, revoked or rotated.", ("WWW-Authenticate", "RFC 6750 challenge, e.g. Bearer realm=\"api\", error=\"invalid_token\"", JsonSchemaType.String));
        if (scopes.Count > 0)
        {
            Add(operation, context, "403", "The key lacks a required scope (code insufficient_scope; the scope is named).", ("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"…\"", JsonSchemaType.String));
        }

        if (!metadata.OfType<ExemptFromRateLimitsAttribute>().Any())
        {
            Add(
                operation,
                context,
                "429",
                "A rate limit or quota of the key or its organisation is used up.",
                ("Retry-After", "Seconds until a request may succeed (RFC 9110).", JsonSchemaType.Integer),
                ("RateLimit-Policy", "The policies that apply (IETF RateLimit header fields).", JsonSchemaType.String),
                ("RateLimit", "What is left of the policy closest to its limit (IETF RateLimit header fields).", JsonSchemaType.String));
        }

        Add(operation, context, "503", "The key store or the rate limiter is unavailable; no request is let through unchecked.", ("Retry-After", "Seconds after which to retry.", JsonSchemaType.Integer));
        return Task.CompletedTask;
    }

    /// <summary>Whether Rampart authenticates the endpoint: it requires scopes, or an authorization rule applies that Rampart's scheme serves.</summary>
    private bool TakesKey(IList<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return false;
        }

        if (metadata.OfType<RequireScopesAttribute>().Any())
        {
            return true;
        }

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0)
        {
            return authorize.Any(a => ServedByRampart(a.AuthenticationSchemes?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        }

        return authorization.Value.FallbackPolicy is { } fallback && ServedByRampart(fallback.AuthenticationSchemes);
    }

    private bool ServedByRampart(IReadOnlyCollection<string>? schemes)
        => schemes is { Count: > 0 }
            ? schemes.Contains(RampartDefaults.AuthenticationScheme, StringComparer.Ordinal)
            : string.Equals(authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme, RampartDefaults.AuthenticationScheme, StringComparison.Ordinal);

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description, params (string Name, string Description, JsonSchemaType Type)[] headers)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Headers = headers.ToDictionary(
                h => h.Name,
                h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = new OpenApiSchema { Type = h.Type } },
                StringComparer.OrdinalIgnoreCase),
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(RampartOpenApi.ProblemSchemaName, context.Document) },
            },
        };
    }
}
