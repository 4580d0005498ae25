using BenchmarkDotNet.Running;

if (args is ["ratelimit-memory", ..])
{
    Rampart.Benchmarks.RateLimiting.RateLimitMemoryMeasurement.Run();
    return;
}

if (args is ["pipeline-allocations", ..])
{
    Rampart.Benchmarks.Pipeline.PipelineAllocationSampler.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
    return;
}

if (args is ["audit-store-allocations", ..])
{
    Rampart.Benchmarks.Audit.AuditStoreAllocations.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
