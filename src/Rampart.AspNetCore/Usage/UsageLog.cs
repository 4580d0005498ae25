using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Usage;

/// <summary>Usage counting's own events (ids 1220–1224).</summary>
internal static partial class UsageLog
{
    [LoggerMessage(1220, LogLevel.Error, "Writing {Count} usage counts to the audit store failed; they are kept for the next write.", EventName = "UsageWriteFailed")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);
}
