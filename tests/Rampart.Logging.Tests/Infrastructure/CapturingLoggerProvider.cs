using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Logging.Tests.Infrastructure;

/// <summary>
/// A provider that writes down everything a sink could: the formatted message, every structured
/// value, every active scope (by its text and its values) and the exception's full text.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    private int _records;

    public int Records => _records;

    /// <summary>The type of the last record's state, as the provider received it.</summary>
    public Type? LastStateType { get; private set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Text(object? value) => value switch
    {
        null => "(null)",
        string text => text,
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var lines = provider._lines;
            Interlocked.Increment(ref provider._records);
            provider.LastStateType = typeof(TState);
            lines.Enqueue($"{category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (name, value) in values)
                {
                    lines.Enqueue($"{name}={Text(value)}");
                }
            }

            provider._scopes.ForEachScope(
                static (scope, sink) =>
                {
                    sink.Enqueue("scope " + scope?.ToString());
                    sink.Enqueue("scope " + Text(scope));
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                    {
                        foreach (var (name, value) in scopeValues)
                        {
                            sink.Enqueue($"scope {name}={Text(value)}");
                        }
                    }
                },
                lines);
            if (exception is not null)
            {
                lines.Enqueue(exception.ToString());
            }
        }
    }
}
