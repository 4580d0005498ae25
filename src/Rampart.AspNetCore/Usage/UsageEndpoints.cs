using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Usage;

/// <summary>
/// The usage endpoint beside the audit query: requests per key (or per organisation) and hour or day,
/// by outcome. Confined to the caller's organisation exactly as the audit query is: another
/// organisation's key answers as a key without usage; operators may name any organisation, and
/// reads of another organisation are recorded in the admin log.
/// </summary>
internal static class UsageEndpoints
{
    public static Task<IResult> QueryAsync(HttpContext context)
        => ManagementContext.RunAsync(context, async m =>
        {
            var parameters = context.Request.Query;
            var now = m.Time.GetUtcNow();
            var query = new UsageQuery { Organization = m.Actor.IsOperator ? null : m.Actor.Organization, From = now.AddDays(-7) };

            if (parameters["organization"] is { Count: > 0 } organization)
            {
                ManagementAuthority.CheckOrganization(m.Actor, organization.ToString());
                query = query with { Organization = organization.ToString() };
            }

            foreach (var (name, isFrom) in (ReadOnlySpan<(string, bool)>)[("from", true), ("to", false)])
            {
                if (parameters[name] is { Count: > 0 } text)
                {
                    if (!AuditEndpoints.TryParseTime(text.ToString(), now, out var time))
                    {
                        return m.Invalid(AuditEndpoints.InvalidTime(name));
                    }

                    query = isFrom ? query with { From = time } : query with { To = time };
                }
            }

            if (parameters["keyId"] is { Count: > 0 } keyId)
            {
                query = query with { KeyId = keyId.ToString() };
            }

            if (parameters["period"] is { Count: > 0 } periodText)
            {
                UsagePeriod? period = periodText.ToString() switch
                {
                    "hour" => UsagePeriod.Hour,
                    "day" => UsagePeriod.Day,
                    _ => null,
                };
                if (period is null)
                {
                    return m.Invalid("'period' must be 'hour' or 'day'.");
                }

                query = query with { Period = period.Value };
            }

            if (parameters["groupBy"] is { Count: > 0 } groupText)
            {
                UsageGrouping? grouping = groupText.ToString() switch
                {
                    "key" => UsageGrouping.Key,
                    "organization" => UsageGrouping.Organization,
                    _ => null,
                };
                if (grouping is null)
                {
                    return m.Invalid("'groupBy' must be 'key' or 'organization'.");
                }

                query = query with { GroupBy = grouping.Value };
            }

            var report = await context.RequestServices.GetRequiredService<IAuditStore>().QueryUsageAsync(query, m.Aborted);
            await m.RecordIfCrossOrganizationAsync("usage.read", query.KeyId, query.Organization);
            return Results.Json(report, ApiKeyEndpointBodies.Json);
        });
}
