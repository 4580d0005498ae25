using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>Leak-report events (category <c>Rampart.Incidents.LeakReports</c>, ids 1600–1619). No event carries a reported token.</summary>
internal static partial class LeakReportLog
{
    public const string Category = "Rampart.Incidents.LeakReports";

    [LoggerMessage(1600, LogLevel.Information, "Leak report received: {TokenCount} tokens, signed by sender key {SenderKeyId}.", EventName = "LeakReportReceived")]
    public static partial void Received(ILogger logger, int tokenCount, string senderKeyId);

    [LoggerMessage(1601, LogLevel.Warning, "Leak report refused: {Code}. {Detail}", EventName = "LeakReportRefused")]
    public static partial void Refused(ILogger logger, string code, string detail);

    [LoggerMessage(1602, LogLevel.Warning, "Leaked key {KeyId} of organisation {Organization} reported by a secret scanner ({TokenType}, {Source}): {Action}.", EventName = "LeakedKeyReported")]
    public static partial void TruePositive(ILogger logger, string keyId, string organization, string? tokenType, string? source, string action);

    [LoggerMessage(1603, LogLevel.Information, "Reported token is not a key of this app ({TokenType}, {Source}).", EventName = "LeakReportFalsePositive")]
    public static partial void FalsePositive(ILogger logger, string? tokenType, string? source);

    [LoggerMessage(1604, LogLevel.Warning, "Leak report could not be processed: the key store is unavailable. The sender will retry.", EventName = "LeakReportStoreUnavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(1605, LogLevel.Warning, "Could not read the senders' public keys from {Url}: {Reason}.", EventName = "LeakReportKeyListUnavailable")]
    public static partial void KeyListUnavailable(ILogger logger, Uri url, string reason, Exception? exception);

    [LoggerMessage(1606, LogLevel.Information, "Read {KeyCount} sender public keys from {Url}.", EventName = "LeakReportKeyListFetched")]
    public static partial void KeyListFetched(ILogger logger, Uri url, int keyCount);
}
