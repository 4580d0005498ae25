using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Diagnostics;

/// <summary>
/// Rampart's <see cref="ActivitySource"/> and <see cref="Meter"/>: one name, <c>Rampart</c>, and the
/// package version. For OpenTelemetry: <c>.AddSource("Rampart")</c> and <c>.AddMeter("Rampart")</c>.
/// </summary>
/// <remarks>
/// What Rampart knows about a request goes on the request's own activity (ASP.NET Core's
/// <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>): <c>rampart.api_key.id</c>,
/// <c>rampart.organization</c> and <c>rampart.decision</c> as tags, each refusal as a
/// <c>rampart.rejected</c> event with <c>error.type</c>. The key itself, its name and the owner are never
/// recorded. The source's one span, <c>rampart.verify_key</c>, covers checking a presented key (hash,
/// cache, key store). See <c>docs/telemetry.md</c>.
/// </remarks>
public static class RampartTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Rampart";

    /// <summary>Tag on the request activity: the public id of the key that authenticated it.</summary>
    public const string KeyIdTag = "rampart.api_key.id";

    /// <summary>Tag on the request activity: the key's organisation.</summary>
    public const string OrganizationTag = "rampart.organization";

    /// <summary>Tag on the request activity: what came of it (<c>success</c>, <c>unauthenticated</c>, <c>forbidden</c>, <c>rate_limited</c>, <c>client_error</c>, <c>server_error</c>).</summary>
    public const string DecisionTag = "rampart.decision";

    /// <summary>The event added to the request activity for each refusal, tagged with <c>error.type</c>.</summary>
    public const string RejectedEvent = "rampart.rejected";

    /// <summary>The span around verifying a presented key.</summary>
    public const string VerifyKeyActivity = "rampart.verify_key";

    /// <summary>The OpenTelemetry attribute naming the class of an error.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The package version (without build metadata), carried by the source and the meter.</summary>
    public static string Version { get; } = ReadVersion();

    internal static ActivitySource Source { get; } = new(Name, Version);

    internal static Meter CreateMeter(IMeterFactory meterFactory) => meterFactory.Create(new MeterOptions(Name) { Version = Version });

    /// <summary>Starts the verification span, a child of the request's activity, when someone listens.</summary>
    internal static Activity? StartVerifyKey() => Source.StartActivity(VerifyKeyActivity, ActivityKind.Internal);

    /// <summary>Tags the request activity with the key that authenticated it (its id, never its value).</summary>
    internal static void Authenticated(Activity? request, ApiKeyRecord record)
    {
        if (request is { IsAllDataRequested: true })
        {
            request.SetTag(KeyIdTag, record.Id);
            request.SetTag(OrganizationTag, record.Organization);
        }
    }

    /// <summary>Adds a refusal event with its fixed reason code (and the policy waited for, if any).</summary>
    internal static void Rejected(string reason, string? policy = null)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            var tags = new ActivityTagsCollection { [ErrorTypeTag] = reason };
            if (policy is not null)
            {
                tags["rampart.rate_limit.policy"] = policy;
            }

            activity.AddEvent(new ActivityEvent(RejectedEvent, tags: tags));
        }
    }

    internal static void Decided(string outcome)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(DecisionTag, outcome);
        }
    }

    private static string ReadVersion()
    {
        var assembly = typeof(RampartTelemetry).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is { Length: > 0 }
            ? informational.Split('+')[0]
            : assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
