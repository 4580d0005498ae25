using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// The admin endpoints' handlers. The acting key sees and changes only its own organisation's keys
/// (another organisation's key answers exactly as an unknown id) unless it is an operator, and brings
/// about only keys it could have been issued alongside (<see cref="ManagementAuthority"/>). Every
/// refusal is an RFC 9457 problem with a stable <c>code</c> and changes nothing.
/// </summary>
internal static class ApiKeyEndpoints
{
    private const long MaxBodyLength = 64 * 1024;

    public static Task<IResult> CreateAsync(HttpContext context)
        => ManagementContext.RunAsync(context, async m =>
        {
            var (body, problem) = await ReadBodyAsync<ApiKeyEndpointBodies.Create>(context, required: true);
            if (problem is not null)
            {
                return problem;
            }

            var now = m.Time.GetUtcNow();
            ApiKeyEnvironment? environment = null;
            if (body!.Environment is { } environmentText)
            {
                if (!TryParseEnvironment(environmentText, out var parsed))
                {
                    return m.Invalid("The environment must be 'live' or 'test'.");
                }

                environment = parsed;
            }

            DateTimeOffset? expires = null;
            if (body.Expires is { } expiresText)
            {
                if (!ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed))
                {
                    return m.Invalid(InvalidExpiry);
                }

                expires = parsed;
            }

            var actor = m.Actor.Key;
            var request = new ApiKeyCreateRequest
            {
                Name = body.Name!,
                Scopes = body.Scopes!,
                Roles = body.Roles ?? [],
                Owner = body.Owner ?? actor.Owner,
                Organization = body.Organization ?? actor.Organization,
                Environment = environment,
                ExpiresAt = expires,
                // An administrator's keys are issued in its own tier unless an operator says otherwise.
                Tier = body.Tier ?? actor.Tier,
            };
            if (request.Scopes is not null && request.Organization is not null)
            {
                ManagementAuthority.CheckIssue(m.Actor, m.Options, m.Roles, request.Organization, request.Scopes, request.Roles, request.ExpiresAt, request.Tier, actor.Tier);
            }

            var created = await m.Keys.CreateAsync(request, m.Aborted);
            ManagementLog.Created(m.Logger, created.Record.Id, created.Record.Name, m.Actor.Description);
            await m.RecordIfCrossOrganizationAsync("create", created.Record.Id, created.Record.Organization);
            var view = new CreatedApiKeyView(created.Key, View(m, created.Record, now));
            return Results.Json(view, ApiKeyEndpointBodies.Json, statusCode: StatusCodes.Status201Created);
        });

    public static Task<IResult> ListAsync(HttpContext context)
        => ManagementContext.RunAsync(context, async m =>
        {
            var query = context.Request.Query;

            // Confined to the caller's organisation; an operator lists any one, or all when it names none.
            var request = new ApiKeyQuery { Organization = m.Actor.IsOperator ? null : m.Actor.Organization };
            if (query["organization"] is { Count: > 0 } organization)
            {
                ManagementAuthority.CheckOrganization(m.Actor, organization.ToString());
                request = request with { Organization = organization.ToString() };
            }

            if (query["owner"] is { Count: > 0 } owner)
            {
                request = request with { Owner = owner.ToString() };
            }

            if (query["environment"] is { Count: > 0 } environmentText)
            {
                if (!TryParseEnvironment(environmentText.ToString(), out var environment))
                {
                    return m.Invalid("The environment must be 'live' or 'test'.");
                }

                request = request with { Environment = environment };
            }

            if (query["revoked"] is { Count: > 0 } revokedText)
            {
                if (!bool.TryParse(revokedText.ToString(), out var revoked))
                {
                    return m.Invalid("'revoked' must be 'true' or 'false'.");
                }

                request = request with { Revoked = revoked };
            }

            if (query["pageSize"] is { Count: > 0 } sizeText)
            {
                if (!int.TryParse(sizeText.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                    || size is < 1 or > ApiKeyQuery.MaxPageSize)
                {
                    return m.Invalid($"'pageSize' must be a whole number from 1 to {ApiKeyQuery.MaxPageSize}.");
                }

                request = request with { PageSize = size };
            }

            if (query["continuationToken"] is { Count: > 0 } token)
            {
                request = request with { ContinuationToken = token.ToString() };
            }

            var page = await m.Keys.ListAsync(request, m.Aborted);
            await m.RecordIfCrossOrganizationAsync("list", null, request.Organization);
            var now = m.Time.GetUtcNow();
            var view = new ApiKeyListView(page.Items.Select(r => View(m, r, now)).ToArray(), page.ContinuationToken);
            return Results.Json(view, ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> GetAsync(HttpContext context, string id)
        => ManagementContext.RunAsync(context, async m =>
        {
            var record = await VisibleAsync(m, id);
            await m.RecordIfCrossOrganizationAsync("get", record.Id, record.Organization);
            var limits = await m.Keys.GetRateLimitStatusAsync(record, m.Aborted);
            return Results.Json(View(m, record, m.Time.GetUtcNow()) with { RateLimits = limits }, ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> RevokeAsync(HttpContext context, string id)
        => ManagementContext.RunAsync(context, async m =>
        {
            // Revoking takes power away: sight of the key is enough.
            await VisibleAsync(m, id);
            var (record, revoked) = await m.Keys.TryRevokeAsync(id, m.Aborted);
            if (revoked)
            {
                ManagementLog.Revoked(m.Logger, record.Id, record.Name, m.Actor.Description);
            }

            await m.RecordIfCrossOrganizationAsync("revoke", record.Id, record.Organization);
            return Results.Json(View(m, record, m.Time.GetUtcNow()), ApiKeyEndpointBodies.Json);
        });

    public static Task<IResult> RotateAsync(HttpContext context, string id)
        => ManagementContext.RunAsync(context, async m =>
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
                    return m.Invalid("The grace period must be a duration such as '24h' or '7d'.");
                }

                grace = parsed;
            }

            // The replacement is a new key with the old one's grants: the actor must be able to issue it.
            var current = await VisibleAsync(m, id);
            ManagementAuthority.CheckIssue(m.Actor, m.Options, m.Roles, current.Organization, current.Scopes, current.Roles, current.ExpiresAt, current.Tier, current.Tier);

            var created = await m.Keys.RotateAsync(id, grace, m.Aborted);
            var old = await m.Keys.GetAsync(id, m.Aborted);
            var now = m.Time.GetUtcNow();
            ManagementLog.Rotated(m.Logger, id, created.Record.Name, created.Record.Id, old?.ExpiresAt, m.Actor.Description);
            await m.RecordIfCrossOrganizationAsync("rotate", id, current.Organization);
            var view = new CreatedApiKeyView(created.Key, View(m, created.Record, now), old is null ? null : View(m, old, now));
            return Results.Json(view, ApiKeyEndpointBodies.Json, statusCode: StatusCodes.Status201Created);
        });

    public static Task<IResult> UpdateAsync(HttpContext context, string id)
        => ManagementContext.RunAsync(context, async m =>
        {
            var (body, problem) = await ReadBodyAsync<ApiKeyEndpointBodies.Update>(context, required: true);
            if (problem is not null)
            {
                return problem;
            }

            var now = m.Time.GetUtcNow();
            DateTimeOffset? expires = null;
            if (body!.Expires is { } expiresText)
            {
                if (!ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed))
                {
                    return m.Invalid(InvalidExpiry);
                }

                expires = parsed;
            }

            // The key as it would be after the change must be one the actor could issue; the change
            // applies only to the version checked, so a concurrent change cannot slip past the check.
            var current = await VisibleAsync(m, id);
            var request = new ApiKeyUpdateRequest { Name = body.Name, Scopes = body.Scopes, Roles = body.Roles, Tier = body.Tier, ExpiresAt = expires, IfVersion = current.Version };
            ManagementAuthority.CheckIssue(
                m.Actor, m.Options, m.Roles, current.Organization, request.Scopes ?? current.Scopes, request.Roles ?? current.Roles, request.ExpiresAt ?? current.ExpiresAt, request.Tier ?? current.Tier, current.Tier);

            var record = await m.Keys.UpdateAsync(id, request, m.Aborted);
            ManagementLog.Updated(m.Logger, record.Id, record.Name, m.Actor.Description);
            await m.RecordIfCrossOrganizationAsync("update", record.Id, record.Organization);
            return Results.Json(View(m, record, now), ApiKeyEndpointBodies.Json);
        });

    private const string InvalidExpiry = "The expiry must be a duration such as '90d' or an ISO 8601 date-time such as '2027-01-31T00:00:00Z'.";

    private static async Task<ApiKeyRecord> VisibleAsync(ManagementContext m, string id)
        => ManagementAuthority.Visible(m.Actor, await m.Keys.GetAsync(id, m.Aborted), id);

    private static ApiKeyView View(ManagementContext m, ApiKeyRecord record, DateTimeOffset now)
        => ApiKeyView.From(record, now) with { EffectiveScopes = m.Roles.Expand(record.Scopes, record.Roles) };

    internal static async Task<(T? Body, IResult? Problem)> ReadBodyAsync<T>(HttpContext context, bool required)
        where T : class
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyLength)
        {
            return (null, ManagementContext.Problem(context, ApiKeyManagementProblem.InvalidBody, $"The request body is larger than {MaxBodyLength} bytes."));
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
                return (null, ManagementContext.Problem(context, ApiKeyManagementProblem.InvalidBody, $"The request body is larger than {MaxBodyLength} bytes."));
            }
        }

        if (buffer.Length == 0)
        {
            return required ? (null, ManagementContext.Problem(context, ApiKeyManagementProblem.InvalidBody, "A JSON request body is required.")) : (null, null);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiKeyEndpointBodies.Json);
            if (body is null && required)
            {
                return (null, ManagementContext.Problem(context, ApiKeyManagementProblem.InvalidBody, "A JSON request body is required."));
            }

            return (body, null);
        }
        catch (JsonException exception)
        {
            // The path names the member; the message would quote input, so it is not used.
            var path = exception.Path;
            var where = string.IsNullOrEmpty(path) || path == "$" || path.Length > 64 || path.Any(char.IsControl) ? "The request body" : $"'{path}'";
            return (null, ManagementContext.Problem(context, ApiKeyManagementProblem.InvalidBody, $"{where} is not valid JSON of the expected shape (or names an unknown member, or one member twice)."));
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
}
