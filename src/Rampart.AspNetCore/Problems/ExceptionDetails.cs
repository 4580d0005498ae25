using Rampart.AspNetCore.Logging.Scrubbing;

namespace Rampart.AspNetCore.Problems;

/// <summary>
/// What a Development problem body shows of an exception: type, message and full text, scrubbed of
/// keys and secrets. Never request headers, never outside Development.
/// </summary>
internal static class ExceptionDetails
{
    public const string ExtensionName = "exception";

    public static Dictionary<string, object?> For(Exception exception, LogScrubber scrubber) => new()
    {
        ["type"] = exception.GetType().FullName,
        ["message"] = scrubber.Scrub(exception.Message),
        ["details"] = scrubber.Scrub(exception.ToString()),
    };
}
