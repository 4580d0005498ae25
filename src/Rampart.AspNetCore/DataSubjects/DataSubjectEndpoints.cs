using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.DataSubjects;

/// <summary>
/// <c>POST export</c> and <c>POST erase</c> for one owner or one organisation. Operators only: a data
/// subject's keys may span organisations, so no organisation administrator can answer for all of
/// them. A refusal changes nothing and is not an admin-log entry; every export and erasure is.
/// </summary>
internal static class DataSubjectEndpoints
{
    public static Task<IResult> ExportAsync(HttpContext context)
        => RunAsync(context, erase: false, static async (m, manager, subject) =>
            Results.Json(await manager.ExportAsync(subject, m.Actor.Description, m.Aborted), ApiKeyEndpointBodies.Json));

    public static Task<IResult> EraseAsync(HttpContext context)
        => RunAsync(context, erase: true, static async (m, manager, subject) =>
            Results.Json(await manager.EraseAsync(subject, m.Actor.Description, m.Aborted), ApiKeyEndpointBodies.Json));

    private static Task<IResult> RunAsync(HttpContext context, bool erase, Func<ManagementContext, IDataSubjectManager, DataSubject, Task<IResult>> act)
        => ManagementContext.RunAsync(context, async m =>
        {
            if (!m.Actor.IsOperator)
            {
                throw new ApiKeyManagementException(
                    ApiKeyManagementError.OperatorRequired,
                    $"Data-subject requests reach across organisations: this needs the operator authority ('{m.Options.OperatorScope}').");
            }

            var (body, problem) = await ApiKeyEndpoints.ReadBodyAsync<Body>(context, required: true);
            if (problem is not null)
            {
                return problem;
            }

            if ((body!.Owner is null) == (body.Organization is null))
            {
                return m.Invalid("Name exactly one subject: 'owner' or 'organization'.");
            }

            if (erase && body.Confirm != true)
            {
                return m.Invalid("Erasure revokes the subject's keys and cannot be undone: send \"confirm\": true.");
            }

            if (!erase && body.Confirm is not null)
            {
                return m.Invalid("'confirm' belongs to erasure only.");
            }

            var subject = body.Owner is { } owner ? DataSubject.Owner(owner) : DataSubject.Organization(body.Organization!);
            return await act(m, context.RequestServices.GetRequiredService<IDataSubjectManager>(), subject);
        });

    private sealed class Body
    {
        public string? Owner { get; set; }

        public string? Organization { get; set; }

        public bool? Confirm { get; set; }
    }
}
