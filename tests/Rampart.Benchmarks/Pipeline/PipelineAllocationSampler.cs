using System.Diagnostics.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.Pipeline;

/// <summary>
/// Which types the Rampart pipeline allocates, by sampling: the runtime raises a <c>GCAllocationTick</c>
/// event about every 100 KB allocated, naming the type whose allocation crossed the mark, so over many
/// requests each type's share of events is its share of bytes. Also prints the exact bytes per request.
/// Run: <c>dotnet run -c Release --project tests/Rampart.Benchmarks -- pipeline-allocations [requests]</c>.
/// </summary>
internal static class PipelineAllocationSampler
{
    public static void Run(int requests)
    {
        using var tracing = Rampart.LoadTests.RequestTracing.Start();
        using var bare = BenchmarkPipeline.Create(rampart: false);
        using var rampart = BenchmarkPipeline.Create(rampart: true);
        var key = "Bearer " + rampart.Services.GetRequiredService<IApiKeyManager>()
            .CreateAsync(new ApiKeyCreateRequest { Name = "bench", Owner = "o", Organization = BenchmarkPipeline.Organization, Scopes = ["orders:read"] })
            .GetAwaiter().GetResult().Key;

        foreach (var (name, pipeline, header) in new[] { ("bare", bare, (string?)null), ("rampart", rampart, key) })
        {
            for (var i = 0; i < 20_000; i++)
            {
                Invoke(pipeline, header);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            using (var listener = new AllocationListener())
            {
                for (var i = 0; i < requests; i++)
                {
                    Invoke(pipeline, header);
                }

                var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                Console.WriteLine($"{name}: {bytes / (double)requests:N0} B per request over {requests:N0} requests");
                listener.Print(bytes, requests);
            }
        }
    }

    private static void Invoke(BenchmarkPipeline pipeline, string? header)
    {
        if (pipeline.InvokeAsync(header).GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("The pipeline does not answer 200.");
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const int AllocationTickEvent = 10;
        private readonly Dictionary<string, long> _samples = [];
        private long _total;

        public void Print(long bytes, int requests)
        {
            lock (_samples)
            {
                foreach (var (type, count) in _samples.OrderByDescending(p => p.Value).Take(40))
                {
                    Console.WriteLine($"  {bytes * count / (double)_total / requests,8:N0} B/req  {count * 100.0 / _total,5:N1}%  {type}");
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventId != AllocationTickEvent || eventData.PayloadNames is null)
            {
                return;
            }

            var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            lock (_samples)
            {
                _samples[type] = _samples.GetValueOrDefault(type) + 1;
                _total++;
            }
        }
    }
}
