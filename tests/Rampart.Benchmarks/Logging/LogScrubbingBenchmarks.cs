using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;

namespace Rampart.Benchmarks.Logging;

/// <summary>
/// The cost per log record of the scrubbing layer: one record of a message template with four
/// structured values (about 200 characters formatted), through the app's logger factory with
/// Rampart's layer in front, next to the same factory and provider without it. The provider formats
/// the message, as a real one would.
/// </summary>
[MemoryDiagnoser]
public class LogScrubbingBenchmarks
{
    internal static readonly Action<ILogger, string, string, int, string, Exception?> Request = LoggerMessage.Define<string, string, int, string>(
        LogLevel.Information,
        new EventId(1, "Request"),
        "Request for {Path} from client {UserAgent} finished with status {StatusCode}; the caller's correlation is {Correlation} and nothing else was noted.");

    // Only numbers: what the layer costs a record whatever its text, since every value is read.
    internal static readonly Action<ILogger, int, int, int, long, Exception?> Numbers = LoggerMessage.Define<int, int, int, long>(
        LogLevel.Information,
        new EventId(2, "Numbers"),
        "Batch {Batch} wrote {Written} rows and skipped {Skipped}; it took {ElapsedTicks} ticks and nothing else was noted here.");

    internal const string Path = "/api/v2/organizations/org-1842/orders/recent";
    internal const string UserAgent = "orders-sync/4.2.1 (linux; x64) dotnet/10.0";
    internal const string Correlation = "0HN8T4Q2M6L9K-00000017";

    private readonly string _key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
    private ServiceProvider _bare = null!;
    private ServiceProvider _scrubbed = null!;
    private ServiceProvider _switchedOff = null!;
    private ILogger _switchedOffLogger = null!;
    private ILogger _bareLogger = null!;
    private ILogger _scrubbedLogger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = Services(rampart: false);
        _scrubbed = Services(rampart: true);
        _switchedOff = Services(rampart: true, scrubbing: false);
        _switchedOffLogger = _switchedOff.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        _bareLogger = _bare.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        _scrubbedLogger = _scrubbed.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        if (_scrubbed.GetRequiredService<ILoggerFactory>().GetType().Name != "ScrubbingLoggerFactory")
        {
            throw new InvalidOperationException("The scrubbing layer is not in the pipeline.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _scrubbed.Dispose();
        _switchedOff.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Without the layer, no key")]
    public void BareNoKey() => Request(_bareLogger, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "AddRampart with the layer switched off, no key")]
    public void SwitchedOffNoKey() => Request(_switchedOffLogger, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Scrubbed, no key")]
    public void ScrubbedNoKey() => Request(_scrubbedLogger, Path, UserAgent, 200, Correlation, null);

    [Benchmark(Description = "Without the layer, four numbers")]
    public void BareNumbers() => Numbers(_bareLogger, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Scrubbed, four numbers")]
    public void ScrubbedNumbers() => Numbers(_scrubbedLogger, 17, 4_096, 12, 1_234_567, null);

    [Benchmark(Description = "Without the layer, one key")]
    public void BareOneKey() => Request(_bareLogger, Path, UserAgent, 401, _key, null);

    [Benchmark(Description = "Scrubbed, one key")]
    public void ScrubbedOneKey() => Request(_scrubbedLogger, Path, UserAgent, 401, _key, null);

    private static ServiceProvider Services(bool rampart, bool scrubbing = true)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging(b => b.ClearProviders().AddProvider(new FormattingLoggerProvider()).SetMinimumLevel(LogLevel.Information));
        if (rampart)
        {
            services.AddRampart(o =>
            {
                o.Keys.Peppers[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.Logging.Scrubbing.Enabled = scrubbing;
            });
        }

        return services.BuildServiceProvider();
    }

    private sealed class FormattingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new FormattingLogger();

        public void Dispose()
        {
        }
    }

    private sealed class FormattingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _ = formatter(state, exception);
    }
}
