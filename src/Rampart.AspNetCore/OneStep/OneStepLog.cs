using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.OneStep;

internal static partial class OneStepLog
{
    [LoggerMessage(1009, LogLevel.Debug, "Requests are judged by the framework's authentication and authorization middleware alone: {Reason}.", EventName = "OneStepOff")]
    public static partial void Off(ILogger logger, string reason);
}
