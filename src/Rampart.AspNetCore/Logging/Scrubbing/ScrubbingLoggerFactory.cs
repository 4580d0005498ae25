using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// The app's logger factory with the scrubbing layer in front of every logger it makes. Providers
/// live in the wrapped factory, so those registered before or after <c>AddRampart()</c>, and those
/// added later with <see cref="AddProvider"/>, are all behind it.
/// </summary>
internal sealed class ScrubbingLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;
    private readonly bool _ownsInner;
    private readonly LogScrubber _scrubber;
    private readonly ConcurrentDictionary<string, ScrubbingLogger> _loggers = new(StringComparer.Ordinal);

    public ScrubbingLoggerFactory(ILoggerFactory inner, bool ownsInner, LogScrubber scrubber)
    {
        _inner = inner;
        _ownsInner = ownsInner;
        _scrubber = scrubber;
    }

    public LogScrubber Scrubber => _scrubber;

    public ILogger CreateLogger(string categoryName)
        => _loggers.GetOrAdd(categoryName, static (category, factory) => new ScrubbingLogger(factory._inner.CreateLogger(category), factory._scrubber), this);

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose()
    {
        if (_ownsInner)
        {
            _inner.Dispose();
        }
    }
}
