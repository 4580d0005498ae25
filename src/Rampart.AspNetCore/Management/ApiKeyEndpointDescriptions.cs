using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// What the admin endpoints accept and answer, for API explorers (OpenAPI documents). The handlers
/// read and write JSON themselves, so the shapes are declared here, by endpoint name. The endpoints
/// belong to the <see cref="GroupName"/> group, which keeps them out of an app's public document.
/// </summary>
internal static class ApiKeyEndpointDescriptions
{
    public const string GroupName = "rampart-admin";

    private static readonly string[] Json = ["application/json"];

    private static readonly Dictionary<string, (Type? Body, int Status, Type Answer)> Shapes = new(StringComparer.Ordinal)
    {
        ["RampartCreateKey"] = (typeof(ApiKeyEndpointBodies.Create), StatusCodes.Status201Created, typeof(CreatedApiKeyView)),
        ["RampartListKeys"] = (null, StatusCodes.Status200OK, typeof(ApiKeyListView)),
        ["RampartGetKey"] = (null, StatusCodes.Status200OK, typeof(ApiKeyView)),
        ["RampartUpdateKey"] = (typeof(ApiKeyEndpointBodies.Update), StatusCodes.Status200OK, typeof(ApiKeyView)),
        ["RampartRevokeKey"] = (null, StatusCodes.Status200OK, typeof(ApiKeyView)),
        ["RampartRotateKey"] = (typeof(ApiKeyEndpointBodies.Rotate), StatusCodes.Status201Created, typeof(CreatedApiKeyView)),
    };

    public static void Describe(RouteGroupBuilder group)
    {
        group.WithGroupName(GroupName);
        // After the endpoints' own conventions, which give them their names.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault() is not { } name || !Shapes.TryGetValue(name.EndpointName, out var shape))
            {
                return;
            }

            if (shape.Body is not null)
            {
                endpoint.Metadata.Add(new AcceptsMetadata(Json, shape.Body, isOptional: shape.Body == typeof(ApiKeyEndpointBodies.Rotate)));
            }

            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(shape.Status, shape.Answer, Json));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            if (name.EndpointName is not ("RampartCreateKey" or "RampartListKeys"))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            }
        });
    }
}
