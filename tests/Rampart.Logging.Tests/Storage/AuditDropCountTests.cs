using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.Logging.Tests.Storage;

/// <summary>Every audit record the queue could not keep is counted, exactly, in the counter and in the events.</summary>
public sealed class AuditDropCountTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger _logger = new();
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void A_full_queue_counts_every_record_it_refuses()
    {
        using var collector = new MetricCollector<long>(_metrics.GetRequiredService<IMeterFactory>(), "Rampart", AuditRecordQueue.DroppedName);
        using var queue = Queue(new NeverCalledStore(), capacity: 100);

        for (var i = 0; i < 1_000; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.Equal(900, queue.Dropped);
        collector.RecordObservableInstruments();
        Assert.Equal(900, collector.LastMeasurement?.Value);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(900, ReportedDrops());
    }

    [Fact]
    public async Task Concurrent_writers_into_a_full_queue_are_counted_exactly()
    {
        using var queue = Queue(new NeverCalledStore(), capacity: 1_000);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 20_000; i++)
            {
                queue.Enqueue(Record(i));
            }
        })).ToArray();

        start.Set();
        await Task.WhenAll(writers);

        Assert.Equal((8 * 20_000) - 1_000, queue.Dropped);
        queue.ReportDrops();
        Assert.Equal(queue.Dropped, ReportedDrops());
    }

    [Fact]
    public void Drops_are_reported_once_per_interval_with_the_exact_count_since_the_last_report()
    {
        using var queue = Queue(new NeverCalledStore(), capacity: 10);
        for (var i = 0; i < 15; i++)
        {
            queue.Enqueue(Record(i));
        }

        // The first drop is reported at once; the four after it wait for the interval.
        var first = Assert.Single(Reports());
        Assert.Contains("1 audit records were not stored since the last report, 1 since start", first.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, Reports().Count);
        Assert.Contains("4 audit records were not stored since the last report, 5 since start", Reports()[1].Message, StringComparison.Ordinal);

        // A quiet interval: nothing to say, and the next drop is reported at once again.
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, Reports().Count);
        queue.Enqueue(Record(99));
        Assert.Equal(3, Reports().Count);
        Assert.Equal(6, ReportedDrops());
    }

    [Fact]
    public async Task Records_the_store_never_took_by_shutdown_are_counted_as_dropped()
    {
        var store = new FailingStore();
        using var queue = Queue(store, capacity: 100);
        var writer = new AuditStoreWriter(queue, _time);
        for (var i = 0; i < 30; i++)
        {
            queue.Enqueue(Record(i));
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.True(store.Calls > 0);
        Assert.Equal(30, queue.Dropped);
        Assert.Equal(30, ReportedDrops());
    }

    private AuditRecordQueue Queue(IAuditStore store, int capacity)
    {
        var options = new RampartOptions();
        options.Logging.Store.QueueCapacity = capacity;
        return new AuditRecordQueue(store, Options.Create(options), new SingleLoggerFactory(_logger), _time, _metrics.GetRequiredService<IMeterFactory>());
    }

    private List<FakeLogRecord> Reports() => [.. _logger.Collector.GetSnapshot().Where(r => r.Id.Name == "AuditStoreQueueFull")];

    private long ReportedDrops() => Reports().Sum(r => long.Parse(r.StructuredState!.Single(p => p.Key == "Dropped").Value!, System.Globalization.CultureInfo.InvariantCulture));

    private static AuditRecord Record(int i) => new() { Timestamp = T0.AddSeconds(i), Method = "GET", Path = $"/{i}", StatusCode = 200 };

    private sealed class NeverCalledStore : IAuditStore
    {
        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) => throw new InvalidOperationException("Not flushed in this test.");

        public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

        public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class FailingStore : IAuditStore
    {
        public int Calls { get; private set; }

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new IOException("disk full");
        }

        public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

        public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class SingleLoggerFactory(FakeLogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
