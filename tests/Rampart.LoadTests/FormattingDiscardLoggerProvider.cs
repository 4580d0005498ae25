using Microsoft.Extensions.Logging;

namespace Rampart.LoadTests;

/// <summary>
/// A log sink that formats every enabled record and drops it: every configuration pays for
/// producing its log lines, none pays for a particular console or file.
/// </summary>
internal sealed class FormattingDiscardLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger();

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                GC.KeepAlive(formatter(state, exception));
            }
        }
    }
}
