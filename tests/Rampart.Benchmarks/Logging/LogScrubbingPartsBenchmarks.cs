using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Logging.Scrubbing;
using Rampart.AspNetCore.Redaction.Detectors;

namespace Rampart.Benchmarks.Logging;

/// <summary>
/// Where the scrubbing layer's cost goes, part by part: the hop through its logger, the check of a
/// <c>LoggerMessage.Define</c> state's values, and the shape pass over each text value. The
/// providers here do nothing, so the framework's own work is as small as it gets.
/// </summary>
[MemoryDiagnoser]
public class LogScrubbingPartsBenchmarks
{
    // The same records and values as the end-to-end benchmark.
    private static readonly Action<ILogger, string, string, int, string, Exception?> Request = LogScrubbingBenchmarks.Request;
    private static readonly Action<ILogger, int, int, int, long, Exception?> Numbers = LogScrubbingBenchmarks.Numbers;
    private const string Path = LogScrubbingBenchmarks.Path;
    private const string UserAgent = LogScrubbingBenchmarks.UserAgent;
    private const string Correlation = LogScrubbingBenchmarks.Correlation;

    private readonly LogScrubber _scrubber = new(new LogScrubbingOptions(), null);
    private readonly string _message = $"Request for {Path} from client {UserAgent} finished with status 200; the caller's correlation is {Correlation} and nothing else was noted.";
    private ILogger _nothing = null!;
    private ILogger _inspecting = null!;
    private ILogger _wrappedNothing = null!;
    private ILogger _factoryBare = null!;
    private ILogger _factoryScrubbed = null!;
    private Func<StructuredValuesVerdict?> _inspectState = null!;

    [GlobalSetup]
    public void Setup()
    {
        _nothing = new InspectingLogger(null);
        _inspecting = new InspectingLogger(_scrubber);
        _wrappedNothing = new ScrubbingLogger(new InspectingLogger(null), _scrubber);
        var factory = LoggerFactory.Create(b => b.AddProvider(new NothingProvider()).SetMinimumLevel(LogLevel.Information));
        _factoryBare = factory.CreateLogger("App");
        _factoryScrubbed = new ScrubbingLoggerFactory(factory, ownsInner: false, _scrubber).CreateLogger("App");
        var capturing = new CapturingLogger(_scrubber);
        Request(capturing, Path, UserAgent, 200, Correlation, null);
        _inspectState = capturing.Inspect!;
    }

    [Benchmark(Baseline = true, Description = "Text record, to a logger that does nothing")]
    public void DefineToNothing() => Request(_nothing, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Text record, to a logger that checks its values")]
    public void DefineToInspect() => Request(_inspecting, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Text record, through the layer to a logger that does nothing")]
    public void DefineToScrubbingLoggerToNothing() => Request(_wrappedNothing, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Four numbers, to a logger that checks its values")]
    public void NumbersToInspect() => Numbers(_inspecting, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Four numbers, to a logger that does nothing")]
    public void NumbersToNothing() => Numbers(_nothing, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Four numbers, through the layer to a logger that does nothing")]
    public void NumbersToScrubbingLoggerToNothing() => Numbers(_wrappedNothing, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Four numbers, logger factory without the layer")]
    public void NumbersThroughFactory() => Numbers(_factoryBare, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Four numbers, logger factory with the layer")]
    public void NumbersThroughScrubbingFactory() => Numbers(_factoryScrubbed, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Text record, logger factory without the layer")]
    public void TextThroughFactory() => Request(_factoryBare, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Text record, logger factory with the layer")]
    public void TextThroughScrubbingFactory() => Request(_factoryScrubbed, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "The text record's state inspected, no logger")]
    public int InspectState() => (int)(_inspectState() ?? StructuredValuesVerdict.CleanWithoutTemplate);

    [Benchmark(Description = "The three text values checked")]
    public bool ThreeValues() => _scrubber.ValueNeedsScrubbing(Path) | _scrubber.ValueNeedsScrubbing(UserAgent) | _scrubber.ValueNeedsScrubbing(Correlation);

    [Benchmark(Description = "The formatted message checked once")]
    public bool Message() => _scrubber.NeedsScrubbing(_message);

    [Benchmark(Description = "The formatted message's shape pass")]
    public int MessageShape() => (int)SecretShape.Classify(_message);

    [Benchmark(Description = "The message's token-run markers, first characters, then one multi-string search")]
    public bool MessageRunMarkers() => ProviderSecretDetector.MayContain(_message, SecretShapes.TokenRunOnly);

    [Benchmark(Description = "The message's token-run markers, first characters then each marker (before)")]
    public bool MessageRunMarkersByFirstCharacter() => RunMarkerByFirstCharacter(_message);

    [Benchmark(Description = "The correlation id's token-run markers, first characters, then one multi-string search")]
    public bool IdRunMarkers() => ProviderSecretDetector.MayContain(Correlation, SecretShapes.TokenRunOnly);

    [Benchmark(Description = "The correlation id's token-run markers, first characters then each marker (before)")]
    public bool IdRunMarkersByFirstCharacter() => RunMarkerByFirstCharacter(Correlation);

    [Benchmark(Description = "The message formatted")]
    public int Format() => string.Format(System.Globalization.CultureInfo.InvariantCulture, "Request for {0} from client {1} finished with status {2}; the caller's correlation is {3} and nothing else was noted.", Path, UserAgent, 200, Correlation).Length;

    [Benchmark(Description = "The three text values' shape passes")]
    public int ThreeShapes() => (int)SecretShape.Classify(Path) + (int)SecretShape.Classify(UserAgent) + (int)SecretShape.Classify(Correlation);

    // The search the token-run path made before, kept here to compare with.
    private static readonly SearchValues<char> RunMarkerStarts = SearchValues.Create(string.Concat(ProviderSecretDetector.RunMarkers.Select(static m => m[0]).Distinct()));

    private static bool RunMarkerByFirstCharacter(ReadOnlySpan<char> text)
    {
        for (var found = text.IndexOfAny(RunMarkerStarts); found >= 0; found = text.IndexOfAny(RunMarkerStarts))
        {
            text = text[found..];
            foreach (var marker in ProviderSecretDetector.RunMarkers)
            {
                if (marker[0] == text[0] && text.StartsWith(marker, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            text = text[1..];
        }

        return false;
    }

    // Keeps the state of one record, so its check can be measured without the logger's dispatch.
    private sealed class CapturingLogger(LogScrubber scrubber) : ILogger
    {
        public Func<StructuredValuesVerdict?>? Inspect { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Inspect = () => StructuredValues.Inspect(state, scrubber);
    }

    private sealed class NothingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new InspectingLogger(null);

        public void Dispose()
        {
        }
    }

    private sealed class InspectingLogger(LogScrubber? scrubber) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (scrubber is not null && StructuredValues.Inspect(state, scrubber) == StructuredValuesVerdict.NeedsScrubbing)
            {
                throw new InvalidOperationException();
            }
        }
    }
}
