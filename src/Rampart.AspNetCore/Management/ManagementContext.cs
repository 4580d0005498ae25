using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// One request to the key-management or audit endpoints: the acting key and the services it acts
/// through. Every answer is <c>Cache-Control: no-store</c>; every refusal an RFC 9457 problem with a
/// stable <c>code</c>, given before anything is written.
/// </summary>
internal sealed class ManagementContext
{
    private ManagementContext(HttpContext http, ManagementActor actor, ILogger logger)
    {
        Http = http;
        Actor = actor;
        Logger = logger;
        var services = http.RequestServices;
        Keys = services.GetRequiredService<IApiKeyManager>();
        Time = services.GetRequiredService<TimeProvider>();
        Roles = services.GetRequiredService<RoleCatalog>();
        Options = services.GetRequiredService<IOptions<RampartOptions>>().Value.Management;
    }

    public HttpContext Http { get; }

    public ManagementActor Actor { get; }

    public ILogger Logger { get; }

    public IApiKeyManager Keys { get; }

    public TimeProvider Time { get; }

    public RoleCatalog Roles { get; }

    public ManagementOptions Options { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public static async Task<IResult> RunAsync(HttpContext context, Func<ManagementContext, Task<IResult>> handler)
    {
        context.Response.Headers.CacheControl = "no-store";
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ManagementLog.Category);
        var actorText = "key (unknown)";
        try
        {
            var actor = ManagementActor.From(context, services.GetRequiredService<IOptions<RampartOptions>>().Value.Management);
            actorText = actor.Description;
            return await handler(new ManagementContext(context, actor, logger));
        }
        catch (Exception exception) when (ApiKeyManagementProblem.From(exception) is { } refusal)
        {
            ManagementLog.Refused(logger, refusal.Problem.Code, actorText, refusal.Detail);
            return Problem(context, refusal.Problem, refusal.Detail);
        }
    }

    /// <summary>
    /// Records an operator's action on another organisation in the admin log, with the acting key. A
    /// read of every organisation counts as one (<paramref name="organization"/> is then <c>*</c>).
    /// If the log cannot be written the failure is logged and the answer stands, as for every admin log entry.
    /// </summary>
    public async Task RecordIfCrossOrganizationAsync(string action, string? keyId, string? organization)
    {
        if (organization is not null && !Actor.IsOtherOrganization(organization))
        {
            return;
        }

        try
        {
            var log = Http.RequestServices.GetRequiredService<IAdminAuditLog>();
            await log.AppendAsync(AdminActions.CrossOrganization, keyId, $"action={action}; organization={organization ?? "*"}", Actor.Description, Aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(Http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(AuditLog.Category), AdminActions.CrossOrganization, keyId, exception);
        }
    }

    public IResult Invalid(string detail) => Problem(Http, ApiKeyManagementProblem.InvalidArgument, detail);

    public static IResult Problem(HttpContext context, ApiKeyManagementProblem problem, string detail)
    {
        if (problem == ApiKeyManagementProblem.StoreUnavailable)
        {
            var seconds = context.RequestServices.GetRequiredService<IOptions<RampartOptions>>().Value.Authentication.StoreUnavailableRetryAfterSeconds;
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
