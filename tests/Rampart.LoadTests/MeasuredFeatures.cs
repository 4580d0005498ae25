using System.Diagnostics;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore;

namespace Rampart.LoadTests;

/// <summary>
/// Checks that the measured Rampart server runs with what its figures claim: audit records, log
/// scrubbing (the app's logger factory is Rampart's scrubbing one), HTTPS-only transport, rate limits,
/// and a listener on Rampart's activity source. A figure taken with a part switched off is not Rampart's.
/// </summary>
internal static class MeasuredFeatures
{
    public static void Verify(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RampartOptions>>().Value;
        var missing = new List<string>();
        if (!options.Logging.Enabled)
        {
            missing.Add("audit records (Rampart:Logging:Enabled)");
        }

        if (!options.Logging.Scrubbing.Enabled || app.Services.GetRequiredService<ILoggerFactory>().GetType().Name != "ScrubbingLoggerFactory")
        {
            missing.Add("log scrubbing (Rampart:Logging:Scrubbing:Enabled)");
        }

        if (options.Transport.AllowHttp || !options.Transport.Hsts.Enabled)
        {
            missing.Add("HTTPS-only transport and HSTS (Rampart:Transport:AllowHttp, Rampart:Transport:Hsts:Enabled)");
        }

        if (!options.RateLimits.Enabled)
        {
            missing.Add("rate limits (Rampart:RateLimits:Enabled)");
        }

        using (var probe = new ActivitySource("Rampart"))
        {
            if (!probe.HasListeners())
            {
                missing.Add("tracing (a listener on the Rampart activity source)");
            }
        }

        if (missing.Count > 0 && Environment.GetEnvironmentVariable("RAMPART_LOAD_SETTINGS") is not { Length: > 0 })
        {
            throw new InvalidOperationException("The measured Rampart configuration has parts switched off: " + string.Join(", ", missing));
        }
    }
}
