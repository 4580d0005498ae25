using Microsoft.Extensions.Logging;

namespace Rampart.LoadTests.Floor;

/// <summary>The floor's audit record: Rampart's fields and message template, one record per request.</summary>
internal static partial class FloorAuditLog
{
    public const string Category = "Rampart.Audit";

    [LoggerMessage(1200, LogLevel.Information,
        "{Method} {Path} responded {StatusCode} in {DurationMs} ms. Route: {Route}; key: {KeyId} ({KeyName}); organization: {Organization}; environment: {Environment}; client: {Client}; request: {RequestId}; trace: {TraceId}; user agent: {UserAgent}; query: {Query}; headers: {Headers}.",
        EventName = "AuditRecord")]
    public static partial void Request(
        ILogger logger,
        string method,
        string path,
        int statusCode,
        double durationMs,
        string? route,
        string? keyId,
        string? keyName,
        string? organization,
        string? environment,
        string? client,
        string? requestId,
        string? traceId,
        string? userAgent,
        string? query,
        string? headers);
}
