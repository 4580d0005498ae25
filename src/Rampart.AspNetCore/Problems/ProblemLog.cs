using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Problems;

/// <summary>Errors Rampart answered for the framework. The exception travels through the scrubbing layer like any other log.</summary>
internal static partial class ProblemLog
{
    public const string Category = "Rampart.Problems";

    [LoggerMessage(1400, LogLevel.Error, "Unhandled exception answered with {StatusCode} and a problem body.", EventName = "UnhandledException")]
    public static partial void Unhandled(ILogger logger, int statusCode, Exception exception);

    [LoggerMessage(1401, LogLevel.Debug, "Bad request answered with {StatusCode} and a problem body.", EventName = "BadRequest")]
    public static partial void BadRequest(ILogger logger, int statusCode, Exception exception);
}
