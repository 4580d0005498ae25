using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// The admin endpoints' handlers. Every answer carries <c>Cache-Control: no-store</c>; every refusal
/// is an RFC 9457 problem with a stable <c>code</c> and changes nothing.
/// </summary>
internal static class ApiKeyEndpoints
{
    private const long MaxBodyLength = 64 * 1024;

    public static Task<IResult> CreateAsync(HttpContext context)
        => RunAsync(context, async (manager, time, logger, actor) =>
        {
            var (body, problem) = await ReadBodyAsync<ApiKeyEndpointBodies.Create>(context, required: true);
            if (problem is not null)
            {
                return problem;
            }

            var now = time.GetUtcNow();
            ApiKeyEnvironment? environment = null;
            if (body!.Environment is { } environmentText)
            {
                if (!TryParseEnvironment(environmentText, out var parsed))
                {
                    return Invalid(context, "The environment must be 'live' or 'test'.");
                }

                environment = parsed;
            }

            DateTimeOffset? expires = null;
            if (body.Expires is { } expiresText)
            {
                if (!ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed))
                {
                    return Invalid(context, "The expiry must be a duration such as '90d' or an ISO 8601 date-time such as '2027-01-31T00:00:00Z'.");
                }

                expires = parsed;
            }

            var created = await manager.CreateAsync(
                new ApiKeyCreateRequest
                {
                    Name = body.Name!,
                    Scopes = body.Scopes!,
                    Owner = body.Owner ?? context.User.FindFirst(RampartClaimTypes.Owner)?.Value!,
                    Organization = body.Organization ?? context.User.FindFirst(RampartClaimTypes.Organization)?.Value!,
                    Environment = environment,
                    ExpiresAt = expires,
                    Tier = body.Tier,
                },
                context.RequestAborted);
            ManagementLog.Created(logger, created.Record.Id, created.Record.Name, actor);
            var view = new CreatedApiKeyView(created.Key, ApiKeyView.From(created.Record, now));
            return Results.Json(view, ApiKeyEndpointBodies.Json, statusCode: StatusCodes.Status201Created);
        });

    public static Task<IResult> ListAsync(HttpContext context)
        => RunAsync(context, async (manager, time, _, _) =>
        {
            var query = context.Request.Query;
            var request = new ApiKeyQuery();
            if (query["organization"] is { Count: > 0 } organization)
            {
                request = request with { Organization = organization.ToString() };
            }

            if (query["environment"] is { Count: > 0 } environmentText)
            {
                if (!TryParseEnvironment(environmentText.ToString(), out var environment))
                {
                    return Invalid(context, "The environment must be 'live' or 'test'.");
                }

                request = request with { Environment = environment };
            }

            if (query["revoked"] is { Count: > 0 } revokedText)
            {
                if (!bool.TryParse(revokedText.ToString(), out var revoked))
                {
                    return Invalid(context, "'revoked' must be 'true' or 'false'.");
                }

                request = request with { Revoked = revoked };
            }

            if (query["pageSize"] is { Count: > 0 } sizeText)
            {
                if (!int.TryParse(sizeText.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                    || size is < 1 or > ApiKeyQuery.MaxPageSize)
                {
                    return Invalid(context, $"'pageSize' must be a whole number from 1 to {ApiKeyQuery.MaxPageSize}.");
                }

                request = request with { PageSize = size };
            }

            if (query["continuationToken"] is { Count: > 0 } token)
            {
                request = request with { ContinuationToken = token.ToString() };
            }

            var page = await manager.ListAsync(request, context.RequestAborted);
            var now = time.GetUtcNow();
            var view = new ApiKeyListView(page.Items.Select(r => ApiKeyView.From(r, now)).ToArray(), page.ContinuationToken);
            return Results.Json(view, ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> GetAsync(HttpContext context, string id)
        => RunAsync(context, async (manager, time, _, _) =>
        {
            var record = await manager.GetAsync(id, context.RequestAborted)
                ?? throw new ApiKeyManagementException(ApiKeyManagementError.NotFound, "No key has that id.");
            return Results.Json(ApiKeyView.From(record, time.GetUtcNow()), ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> RevokeAsync(HttpContext context, string id)
        => RunAsync(context, async (manager, time, logger, actor) =>
        {
            var record = await manager.RevokeAsync(id, context.RequestAborted);
            ManagementLog.Revoked(logger, record.Id, record.Name, actor);
            return Results.Json(ApiKeyView.From(record, time.GetUtcNow()), ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> RotateAsync(HttpContext context, string id)
        => RunAsync(context, async (manager, time, logger, actor) =>
        {
            var (body, problem) = await ReadBodyAsync<ApiKeyEndpointBodies.Rotate>(context, required: false);
            if (problem is not null)
            {
                return problem;
            }

            TimeSpan? grace = null;
            if (body?.Grace is { } graceText)
            {
                if (!ApiKeyDuration.TryParse(graceText, out var parsed))
                {
                    return Invalid(context, "The grace period must be a duration such as '24h' or '7d'.");
                }

                grace = parsed;
            }

            var created = await manager.RotateAsync(id, grace, context.RequestAborted);
            var old = await manager.GetAsync(id, context.RequestAborted);
            var now = time.GetUtcNow();
            ManagementLog.Rotated(logger, id, created.Record.Name, created.Record.Id, old?.ExpiresAt, actor);
            var view = new CreatedApiKeyView(created.Key, ApiKeyView.From(created.Record, now), old is null ? null : ApiKeyView.From(old, now));
            return Results.Json(view, ApiKeyEndpointBodies.Json, statusCode: StatusCodes.Status201Created);
        });

    public static Task<IResult> UpdateAsync(HttpContext context, string id)
        => RunAsync(context, async (manager, time, logger, actor) =>
        {
            var (body, problem) = await ReadBodyAsync<ApiKeyEndpointBodies.Update>(context, required: true);
            if (problem is not null)
            {
                return problem;
            }

            var now = time.GetUtcNow();
            DateTimeOffset? expires = null;
            if (body!.Expires is { } expiresText)
            {
                if (!ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed))
                {
                    return Invalid(context, "The expiry must be a duration such as '90d' or an ISO 8601 date-time such as '2027-01-31T00:00:00Z'.");
                }

                expires = parsed;
            }

            var record = await manager.UpdateAsync(id, new ApiKeyUpdateRequest { Name = body.Name, Scopes = body.Scopes, ExpiresAt = expires }, context.RequestAborted);
            ManagementLog.Updated(logger, record.Id, record.Name, actor);
            return Results.Json(ApiKeyView.From(record, now), ApiKeyEndpointBodies.Json);
        });

    private static async Task<IResult> RunAsync(HttpContext context, Func<IApiKeyManager, TimeProvider, ILogger, string, Task<IResult>> handler)
    {
        context.Response.Headers.CacheControl = "no-store";
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ManagementLog.Category);
        var actor = "key " + (context.User.FindFirst(RampartClaimTypes.KeyId)?.Value ?? "(unknown)");
        try
        {
            return await handler(services.GetRequiredService<IApiKeyManager>(), services.GetRequiredService<TimeProvider>(), logger, actor);
        }
        catch (Exception exception) when (ApiKeyManagementProblem.From(exception) is { } refusal)
        {
            ManagementLog.Refused(logger, refusal.Problem.Code, actor, refusal.Detail);
            return Problem(context, refusal.Problem, refusal.Detail);
        }
    }

    private static async Task<(T? Body, IResult? Problem)> ReadBodyAsync<T>(HttpContext context, bool required)
        where T : class
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyLength)
        {
            return (null, Problem(context, ApiKeyManagementProblem.InvalidBody, $"The request body is larger than {MaxBodyLength} bytes."));
        }

        // Read at most one byte past the limit, so an unannounced large body is refused without reading it all.
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyLength)
            {
                return (null, Problem(context, ApiKeyManagementProblem.InvalidBody, $"The request body is larger than {MaxBodyLength} bytes."));
            }
        }

        if (buffer.Length == 0)
        {
            return required ? (null, Problem(context, ApiKeyManagementProblem.InvalidBody, "A JSON request body is required.")) : (null, null);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiKeyEndpointBodies.Json);
            if (body is null && required)
            {
                return (null, Problem(context, ApiKeyManagementProblem.InvalidBody, "A JSON request body is required."));
            }

            return (body, null);
        }
        catch (JsonException exception)
        {
            // The path names the member; the message would quote input, so it is not used.
            var path = exception.Path;
            var where = string.IsNullOrEmpty(path) || path == "$" || path.Length > 64 || path.Any(char.IsControl) ? "The request body" : $"'{path}'";
            return (null, Problem(context, ApiKeyManagementProblem.InvalidBody, $"{where} is not valid JSON of the expected shape (or names an unknown member, or one member twice)."));
        }
    }

    private static bool TryParseEnvironment(string text, out ApiKeyEnvironment environment)
    {
        switch (text)
        {
            case "live":
                environment = ApiKeyEnvironment.Live;
                return true;
            case "test":
                environment = ApiKeyEnvironment.Test;
                return true;
            default:
                environment = default;
                return false;
        }
    }

    private static IResult Invalid(HttpContext context, string detail) => Problem(context, ApiKeyManagementProblem.InvalidArgument, detail);

    internal static IResult Problem(HttpContext context, ApiKeyManagementProblem problem, string detail)
    {
        if (problem == ApiKeyManagementProblem.StoreUnavailable)
        {
            var seconds = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RampartOptions>>().Value.Authentication.StoreUnavailableRetryAfterSeconds;
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(
            detail: detail,
            statusCode: problem.Status,
            title: problem.Title,
            type: problem.ProblemType,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = problem.Code,
                ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
            });
    }
}
