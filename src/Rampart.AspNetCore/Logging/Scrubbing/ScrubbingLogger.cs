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
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var templated = false;
            for (var i = 0; i < values.Count; i++)
            {
                var (name, value) = values[i];
                if (name == LogScrubber.OriginalFormat)
                {
                    templated = true;
                    if (value is string template && _scrubber.TemplateNeedsScrubbing(template))
                    {
                        return true;
                    }
                }
                else if (_scrubber.IsSecretHeader(name) ? value is not null and not LogScrubber.Redacted : _scrubber.ValueNeedsScrubbing(value))
                {
                    return true;
                }
            }

            if (templated)
            {
                return false;
            }
        }
        else if (state is string text)
        {
            // A string state is its own message only with the usual formatter; check both to be sure.
            if (_scrubber.NeedsScrubbing(text))
            {
                return true;
            }
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

        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var templated = false;
            for (var i = 0; i < values.Count; i++)
            {
                var (name, value) = values[i];
                templated |= name == LogScrubber.OriginalFormat;
                if (_scrubber.IsSecretHeader(name) ? value is not null and not LogScrubber.Redacted : _scrubber.ValueNeedsScrubbing(value))
                {
                    return true;
                }
            }

            // Providers print a scope by its ToString(), which need not be made of its values alone.
            return !templated && _scrubber.NeedsScrubbing(state.ToString());
        }

        return _scrubber.ValueNeedsScrubbing(state);
    }
}
