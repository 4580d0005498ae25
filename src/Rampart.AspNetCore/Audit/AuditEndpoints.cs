using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// The audit-query endpoint: the caller's organisation's records, newest first, filtered and paged.
/// Operators may read any organisation, or all of them, and only they see the records of
/// unauthenticated requests (those belong to no organisation). Reads of other organisations are
/// recorded in the admin log. Answers are <c>Cache-Control: no-store</c>.
/// </summary>
internal static class AuditEndpoints
{
    public static Task<IResult> QueryAsync(HttpContext context)
        => ManagementContext.RunAsync(context, async m =>
        {
            var parameters = context.Request.Query;
            var now = m.Time.GetUtcNow();
            var query = new AuditQuery { Organization = m.Actor.IsOperator ? null : m.Actor.Organization };

            if (parameters["organization"] is { Count: > 0 } organization)
            {
                ManagementAuthority.CheckOrganization(m.Actor, organization.ToString());
                query = query with { Organization = organization.ToString() };
            }

            if (parameters["from"] is { Count: > 0 } fromText)
            {
                if (!TryParseTime(fromText.ToString(), now, out var from))
                {
                    return m.Invalid(InvalidTime("from"));
                }

                query = query with { From = from };
            }

            if (parameters["to"] is { Count: > 0 } toText)
            {
                if (!TryParseTime(toText.ToString(), now, out var to))
                {
                    return m.Invalid(InvalidTime("to"));
                }

                query = query with { To = to };
            }

            if (parameters["keyId"] is { Count: > 0 } keyId)
            {
                query = query with { KeyId = keyId.ToString() };
            }

            if (parameters["status"] is { Count: > 0 } statusText)
            {
                if (!int.TryParse(statusText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 599)
                {
                    return m.Invalid("'status' must be an HTTP status code from 100 to 599.");
                }

                query = query with { StatusCode = status };
            }

            if (parameters["outcome"] is { Count: > 0 } outcomeText)
            {
                AuditOutcome? outcome = outcomeText.ToString() switch
                {
                    "success" => AuditOutcome.Success,
                    "client_error" => AuditOutcome.ClientError,
                    "server_error" => AuditOutcome.ServerError,
                    _ => null,
                };
                if (outcome is null)
                {
                    return m.Invalid("'outcome' must be 'success' (status below 400), 'client_error' (4xx) or 'server_error' (5xx).");
                }

                query = query with { Outcome = outcome };
            }

            if (parameters["pageSize"] is { Count: > 0 } sizeText)
            {
                if (!int.TryParse(sizeText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > AuditQuery.MaxPageSize)
                {
                    return m.Invalid($"'pageSize' must be a whole number from 1 to {AuditQuery.MaxPageSize}.");
                }

                query = query with { PageSize = size };
            }

            if (parameters["continuationToken"] is { Count: > 0 } token)
            {
                if (!AuditCursor.TryParse(token.ToString(), out _))
                {
                    return m.Invalid("'continuationToken' is not one this endpoint issued.");
                }

                query = query with { ContinuationToken = token.ToString() };
            }

            var page = await context.RequestServices.GetRequiredService<IAuditStore>().QueryAsync(query, m.Aborted);
            await m.RecordIfCrossOrganizationAsync("audit.read", null, query.Organization);
            return Results.Json(page, Management.ApiKeyEndpointBodies.Json);
        });

    // A duration reads as that long ago ("15m"); otherwise an ISO 8601 date or date-time, UTC unless it names an offset.
    internal static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (ApiKeyDuration.TryParse(text, out var ago))
        {
            time = now - ago;
            return true;
        }

        return ApiKeyDuration.TryParseExpiry(text, now, out time);
    }

    internal static string InvalidTime(string name)
        => $"'{name}' must be a duration ago such as '15m' or '7d', or an ISO 8601 date-time such as '2027-01-31T00:00:00Z'.";
}
