using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Audit;

/// <summary>The per-request audit record and the audit machinery's own events (ids 1200–1209).</summary>
internal static partial class AuditLog
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

    [LoggerMessage(1201, LogLevel.Information, "Request {RequestId} body: {Body}", EventName = "AuditRequestBody")]
    public static partial void RequestBody(ILogger logger, string? requestId, string body);

    [LoggerMessage(1202, LogLevel.Warning, "The audit store queue is full; {Dropped} audit records were not stored since the last report, {TotalDropped} since start.", EventName = "AuditStoreQueueFull")]
    public static partial void QueueFull(ILogger logger, long dropped, long totalDropped);

    [LoggerMessage(1203, LogLevel.Error, "Writing {Count} audit records to the store failed.", EventName = "AuditStoreWriteFailed")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1204, LogLevel.Information, "Retention purge: {Count} audit records older than {Cutoff:O} deleted.", EventName = "AuditRecordsPurged")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(1205, LogLevel.Error, "Purging audit records older than {Cutoff:O} failed; it will be retried.", EventName = "AuditPurgeFailed")]
    public static partial void PurgeFailed(ILogger logger, DateTimeOffset cutoff, Exception exception);

    [LoggerMessage(1206, LogLevel.Error, "Appending {Action} for key {KeyId} to the admin log failed.", EventName = "AdminLogAppendFailed")]
    public static partial void AdminAppendFailed(ILogger logger, string action, string? keyId, Exception exception);

    [LoggerMessage(1207, LogLevel.Warning, "{Count} key changes found in the key store had no admin log entry (a crash between the change and its entry); they were recorded now, marked as reconciled.", EventName = "AdminLogReconciled")]
    public static partial void AdminReconciled(ILogger logger, int count);
}
