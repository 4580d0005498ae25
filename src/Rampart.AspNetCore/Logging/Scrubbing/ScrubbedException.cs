namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// Stands in for a logged exception whose message (or an inner one's) carries a secret: the same
/// type name, stack trace and HResult, with the message and the full text scrubbed. The original is
/// never handed to a provider.
/// </summary>
internal sealed class ScrubbedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    public ScrubbedException(Exception original, LogScrubber scrubber)
        : base(scrubber.Scrub(original.Message))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
        Source = original.Source;
        _stackTrace = original.StackTrace;
        _text = scrubber.Scrub(original.ToString());
    }

    /// <summary>The type of the exception that was logged.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public override string ToString() => _text;
}
