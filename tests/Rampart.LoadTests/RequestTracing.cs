using System.Diagnostics;

namespace Rampart.LoadTests;

/// <summary>
/// Tracing switched on as an OpenTelemetry SDK would switch it on: every activity of ASP.NET Core's
/// hosting source (the request span) and of Rampart's source (and the floors' own) is created with all its data. Started in
/// every configuration, so each pays for a traced request alike; <c>RAMPART_LOAD_TRACING=0</c> turns it off.
/// </summary>
internal static class RequestTracing
{
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "Rampart", Floor.FloorMiddleware.ActivitySourceName];

    public static IDisposable? Start()
    {
        if (Environment.GetEnvironmentVariable("RAMPART_LOAD_TRACING") == "0")
        {
            return null;
        }

        var listener = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static activity => GC.KeepAlive(activity.TagObjects),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
