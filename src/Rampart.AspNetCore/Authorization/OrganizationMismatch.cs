using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// The refusal of a request whose key belongs to another organisation than the request names: 403
/// with a fixed problem body (through the app's ProblemDetails service when it has one). The body
/// names neither organisation, so it tells a caller nothing about organisations it does not belong to.
/// </summary>
internal static partial class OrganizationMismatch
{
    public const string Code = "organization_mismatch";

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(
                detail: "This endpoint serves the organisation the request names, and the API key belongs to another (or the request names none). Use a key of that organisation.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Wrong organisation",
                type: "urn:rampart:problem:organization-mismatch",
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = Code,
                    ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
                })
            .ExecuteAsync(context);
    }

    [LoggerMessage(1030, LogLevel.Information, "Key {KeyId} ({KeyName}) refused: it does not belong to the organisation named by the {Source}.", EventName = "ApiKeyOrganizationMismatch")]
    public static partial void Log(ILogger logger, string? keyId, string? keyName, string source);
}
