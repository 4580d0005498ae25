using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// Sits in front of the logger a category gets from the factory, so every provider behind it
/// receives only scrubbed lines. A clean record is passed on untouched: same state, same formatter.
/// </summary>
internal sealed class ScrubbingLogger : ILogger
{
    private readonly ILogger _inner;
    private readonly LogScrubber _scrubber;

    public ScrubbingLogger(ILogger inner, LogScrubber scrubber)
    {
        _inner = inner;
        _scrubber = scrubber;
    }

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => ScopeNeedsScrubbing(state)
            ? _inner.BeginScope(ScrubbedLogState.Create(state, state.ToString() ?? string.Empty, _scrubber))
            : _inner.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        var exceptionNeedsScrubbing = exception is not null && _scrubber.ExceptionNeedsScrubbing(exception);
        string? message = null;
        if (!exceptionNeedsScrubbing && !StateNeedsScrubbing(state, formatter, exception, ref message))
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var scrubbed = ScrubbedLogState.Create(state, message ?? formatter(state, exception), _scrubber);
        _inner.Log(logLevel, eventId, scrubbed, exceptionNeedsScrubbing ? new ScrubbedException(exception!, _scrubber) : exception, ScrubbedLogState.Formatter);
    }

    // Message templates (LoggerMessage, the Log* extensions, the source generator) format to the
    // template with the values in it, so checking the template and each value suffices and nothing
    // is formatted; any other state is formatted once and the text checked.
    private bool StateNeedsScrubbing<TState>(TState state, Func<TState, Exception?, string> formatter, Exception? exception, ref string? message)
    {
        switch (StructuredValues.Inspect(state, _scrubber))
        {
            case StructuredValuesVerdict.NeedsScrubbing:
                return true;
            case StructuredValuesVerdict.CleanTemplated:
                return false;
        }

        // A string state is its own message only with the usual formatter; check both to be sure.
        if (state is string text && _scrubber.NeedsScrubbing(text))
        {
            return true;
        }

        message = formatter(state, exception);
        return _scrubber.NeedsScrubbing(message);
    }

    private bool ScopeNeedsScrubbing<TState>(TState state)
        where TState : notnull
    {
        if (state is string text)
        {
            return _scrubber.NeedsScrubbing(text);
        }

        return StructuredValues.Inspect(state, _scrubber) switch
        {
            StructuredValuesVerdict.NeedsScrubbing => true,

            // Providers print a scope by its ToString(), which need not be made of its values alone.
            StructuredValuesVerdict.CleanWithoutTemplate => !HostingScopeText<TState>.IsComposedOfValues(state) && _scrubber.NeedsScrubbing(state.ToString()),
            StructuredValuesVerdict.CleanTemplated => false,
            _ => _scrubber.ValueNeedsScrubbing(state),
        };
    }
}
