using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Redis.RateLimiting;

/// <summary>Reads a subject's windows for a key's view: one EVALSHA of the read-only script, nothing counted.</summary>
internal sealed partial class RedisRateLimiter
{
    public async ValueTask<IReadOnlyList<RateLimitWindowState>?> PeekAsync(RateLimitSubject subject, CancellationToken cancellationToken)
    {
        // With the circuit open Redis is known not to answer: the figure is unknown, and a read must not take the probe requests need.
        if (_breaker.IsOpen)
        {
            return null;
        }

        try
        {
            var database = (await ConnectAsync().ConfigureAwait(false)).GetDatabase();
            var (keys, values) = BuildArguments(subject);
            var result = await ScriptAsync(database, RedisRateLimitPeekScript.Sha1, RedisRateLimitPeekScript.Text, keys, values, requestPath: false)
                .WaitAsync(_options.Timeout, _time, cancellationToken).ConfigureAwait(false);
            return States(subject, (long[])result!);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unknown, not zero: the view says so. Requests are not affected, so the breaker is not told.
            RedisRateLimitLog.PeekFailed(_logger, exception);
            return null;
        }
    }

    internal static IReadOnlyList<RateLimitWindowState> States(RateLimitSubject subject, long[] values)
    {
        var policies = subject.Organization is not null && subject.OrganizationPolicies is { } organization
            ? subject.Policies.Policies.Concat(organization.Policies)
            : subject.Policies.Policies;
        var states = new List<RateLimitWindowState>();
        var index = 1;
        foreach (var policy in policies)
        {
            states.Add(RateLimitWindowState.FromCount(policy, values[index], values[index + 1]));
            index += 2;
        }

        return states;
    }
}
