using BenchmarkDotNet.Running;

if (args is ["ratelimit-memory", ..])
{
    Rampart.Benchmarks.RateLimiting.RateLimitMemoryMeasurement.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
