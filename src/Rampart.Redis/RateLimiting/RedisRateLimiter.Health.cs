using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rampart.Redis.RateLimiting;

/// <summary>The limiter's health, for Rampart's rate-limiter check: the circuit, then a PING on the limiter's own connection.</summary>
internal sealed partial class RedisRateLimiter : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["circuit"] = _breaker.IsOpen ? "open" : "closed",
            ["failure_mode"] = _options.FailureMode.ToString(),
        };

        // While Redis is down the app still serves unless it fails closed; the status says which.
        var failure = _options.FailureMode == RedisFailureMode.FailClosed ? context.Registration.FailureStatus : HealthStatus.Degraded;
        if (_breaker.IsOpen)
        {
            return new HealthCheckResult(failure, $"The Redis circuit is open: rate limits are applied as {_options.FailureMode} says.", data: data);
        }

        try
        {
            var connection = await ConnectAsync().ConfigureAwait(false);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            data["ping_ms"] = latency.TotalMilliseconds;
            return HealthCheckResult.Healthy("Redis answers.", data);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception, never the configuration string: it may hold a password.
            return new HealthCheckResult(failure, $"Redis did not answer a PING: rate limits are applied as {_options.FailureMode} says once the circuit opens.", exception, data);
        }
    }
}
