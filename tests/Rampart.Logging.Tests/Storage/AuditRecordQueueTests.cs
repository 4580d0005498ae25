using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;


namespace Rampart.AspNetCore.Logging.Tests.Storage;

/// <summary>A store that fails keeps its records waiting, in order, instead of losing them.</summary>
public sealed class AuditRecordQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static AuditRecord Record(int i) => new() { Timestamp = T0.AddSeconds(i), Method = "GET", Path = $"/{i}", StatusCode = 200 };

    private static AuditRecordQueue Queue(IAuditStore store, FakeLogger logger, int capacity = 10_000)
    {
        var options = new RampartOptions();
        options.Logging.Store.QueueCapacity = capacity;
        return new AuditRecordQueue(store, Options.Create(options), new SingleLoggerFactory(logger));
    }

    [Fact]
    public async Task Records_whose_write_failed_are_written_in_order_once_the_store_is_back()
    {
        var store = new FlakyStore { FailuresLeft = 2 };
        var logger = new FakeLogger();
        var queue = Queue(store, logger);
        for (var i = 0; i < 1_200; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.False(await queue.FlushAsync());
        Assert.True(queue.HasRetries);
        queue.Enqueue(Record(1_200));
        Assert.False(await queue.FlushAsync());
        Assert.Empty(store.Written);

        Assert.True(await queue.FlushAsync());

        Assert.False(queue.HasRetries);
        Assert.Equal(Enumerable.Range(0, 1_201).Select(i => $"/{i}"), store.Written.Select(r => r.Path));
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "AuditStoreWriteFailed"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name == "AuditStoreQueueFull");
    }

    [Fact]
    public async Task A_batch_that_fails_midway_keeps_only_what_was_not_written()
    {
        var store = new FlakyStore { FailOnCall = 2 };
        var queue = Queue(store, new FakeLogger());
        for (var i = 0; i < 1_200; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.False(await queue.FlushAsync());
        Assert.Equal(500, store.Written.Count);
        Assert.True(await queue.FlushAsync());

        Assert.Equal(Enumerable.Range(0, 1_200).Select(i => $"/{i}"), store.Written.Select(r => r.Path));
    }

    [Fact]
    public async Task A_full_queue_drops_new_records_and_counts_every_one()
    {
        var store = new FlakyStore();
        var logger = new FakeLogger();
        var queue = Queue(store, logger, capacity: 10);
        for (var i = 0; i < 13; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.Equal(10, queue.Depth);
        Assert.Equal(3, queue.Dropped);
        Assert.True(await queue.FlushAsync());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"/{i}"), store.Written.Select(r => r.Path));
        Assert.Equal(1, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "AuditStoreQueueFull")); // the first drop at once; later ones in the next interval's report
    }

    [Fact]
    public async Task Waiting_records_are_bounded_by_the_queue_capacity_and_the_excess_is_reported()
    {
        var store = new FlakyStore { FailuresLeft = 2 };
        var logger = new FakeLogger();
        var queue = Queue(store, logger, capacity: 100);
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.False(await queue.FlushAsync());
        for (var i = 100; i < 150; i++)
        {
            queue.Enqueue(Record(i));
        }

        Assert.False(await queue.FlushAsync());
        Assert.True(await queue.FlushAsync());

        // The 50 oldest made way for newer ones, and the loss was reported with its count.
        Assert.Equal(Enumerable.Range(50, 100).Select(i => $"/{i}"), store.Written.Select(r => r.Path));
        var full = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "AuditStoreQueueFull");
        Assert.Contains("50 audit records", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_background_writer_retries_on_the_app_clock_until_the_store_is_back()
    {
        var store = new FlakyStore { FailuresLeft = 2 };
        await using var app = await LoggingTestApp.StartAsync(services: services => services.Replace(ServiceDescriptor.Singleton<IAuditStore>(store)));

        await app.GetAsync("/public?n=1", null);
        await Eventually.UntilAsync(() => store.Calls == 1, "the writer's first write");

        // Without the app's clock moving there is no retry...
        await Task.Delay(200);
        Assert.Equal(1, store.Calls);
        Assert.Empty(store.Written);

        // ...and as it moves, the retries come 1 s and then 2 s apart. The writer wakes on its own
        // thread, so the clock moves on until it has written (however late a busy machine runs it).
        var advanced = TimeSpan.Zero;
        await Eventually.UntilAsync(
            () => store.Written.Count > 0,
            "the write after two retries",
            between: () =>
            {
                app.Time.Advance(TimeSpan.FromMilliseconds(250));
                advanced += TimeSpan.FromMilliseconds(250);
            });

        Assert.Equal("?n=1", Assert.Single(store.Written).Query);
        Assert.Equal(3, store.Calls);
        Assert.True(advanced >= TimeSpan.FromSeconds(3), $"Written after {advanced} of app time; the backoff is 1 s then 2 s.");
    }

    private sealed class FlakyStore : IAuditStore
    {
        public int FailuresLeft { get; set; }

        public int FailOnCall { get; set; }

        public int Calls { get; private set; }

        public List<AuditRecord> Written { get; } = [];

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            Calls++;
            if (FailuresLeft > 0 || Calls == FailOnCall)
            {
                FailuresLeft--;
                throw new InvalidOperationException("The audit database is unreachable.");
            }

            Written.AddRange(records);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<AuditRecord>>(Written);

        public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class SingleLoggerFactory(FakeLogger logger) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
