using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.HealthChecks;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.HealthChecks;

/// <summary>The audit queue check follows the queue's depth while the store cannot keep up.</summary>
public sealed class AuditQueueHealthCheckTests
{
    [Fact]
    public async Task The_queue_check_is_degraded_as_the_queue_fills_and_unhealthy_when_full_while_the_sqlite_key_store_stays_healthy()
    {
        var store = new StalledAuditStore();
        await using var app = await StoresTestApp.StartAsync(
            configure: options => options.Logging.Store.QueueCapacity = 10,
            services: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IAuditStore>(store));
                services.AddHealthChecks().AddRampartHealthChecks(options => options.AuditQueueDegradedRatio = 0.5);
            });
        try
        {
            await AssertQueueChecksAsync(app, store);
        }
        finally
        {
            store.Release.TrySetResult();
        }
    }

    private static async Task AssertQueueChecksAsync(StoresTestApp app, StalledAuditStore store)
    {
        var health = app.App.Services.GetRequiredService<HealthCheckService>();
        var queue = app.App.Services.GetRequiredService<AuditRecordQueue>();

        var empty = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, empty.Status);
        Assert.Equal("SqliteApiKeyStore", empty.Entries[RampartHealthChecks.KeyStore].Description);

        // The writer takes the first record and stalls in the store; the rest wait in the queue.
        queue.Enqueue(Record());
        await Eventually.CompletesAsync(store.Entered.Task, "the writer entering the stalled store");
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(Record());
        }

        var filling = (await health.CheckHealthAsync()).Entries[RampartHealthChecks.AuditQueue];
        Assert.Equal(HealthStatus.Degraded, filling.Status);
        Assert.Equal(5, filling.Data["depth"]);

        for (var i = 0; i < 7; i++)
        {
            queue.Enqueue(Record());
        }

        var full = (await health.CheckHealthAsync()).Entries[RampartHealthChecks.AuditQueue];
        Assert.Equal(HealthStatus.Unhealthy, full.Status);
        Assert.Equal(10, full.Data["capacity"]);
        Assert.Equal(2L, full.Data["dropped"]);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries[RampartHealthChecks.KeyStore].Status);

        store.Release.TrySetResult();
        Assert.True(await queue.FlushAsync());
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries[RampartHealthChecks.AuditQueue].Status);
    }

    [Fact]
    public async Task Without_AddRampart_the_checks_fail_with_a_message_naming_it()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddRampartHealthChecks();
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<HealthCheckService>().CheckHealthAsync());

        Assert.Contains("AddRampart()", error.Message, StringComparison.Ordinal);
    }

    private static AuditRecord Record() => new() { Timestamp = StoresTestApp.Start, Method = "GET", Path = "/orders", StatusCode = 200 };

    private sealed class StalledAuditStore : IAuditStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }

        public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

        public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
