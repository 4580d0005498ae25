using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// Shares limits between app instances through Redis, asynchronous only: at most one EVALSHA per request,
/// and fewer under load, as requests that arrive while a call is in flight go together in the next one
/// (<see cref="RedisRateLimitScript"/>). While Redis is unreachable it behaves as <see cref="RedisRateLimitOptions.FailureMode"/> says; the
/// in-memory fallback admits no more than <see cref="RedisFallbackBudget"/> allows.
/// </summary>
internal sealed partial class RedisRateLimiter : IRampartRateLimiter, IAsyncDisposable
{
    private static readonly TimeSpan EvictionInterval = TimeSpan.FromMinutes(1);

    private readonly RedisRateLimitOptions _options;
    private readonly RedisScriptArguments _arguments;
    private readonly RedisFallbackBudget _fallback;
    private readonly ITimer _eviction;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisCircuitBreaker _breaker;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private volatile IConnectionMultiplexer? _connection;
    private long _roundTrips;
    private long _requestsSent;

    public RedisRateLimiter(IOptions<RedisRateLimitOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _arguments = new RedisScriptArguments(_options.KeyPrefix);
        _fallback = new RedisFallbackBudget(_options.InstanceCount);
        _time = time;
        _logger = loggers.CreateLogger(RedisRateLimitLog.Category);
        _breaker = new RedisCircuitBreaker(_options.FailureThreshold, _options.BreakDuration, _options.FirstProbeDelay, _options.FailureMode, time, _logger);
        _eviction = time.CreateTimer(
            static state => ((RedisRateLimiter)state!).EvictEnded(), this, EvictionInterval, EvictionInterval);
    }

    internal RedisFallbackBudget Fallback => _fallback;

    /// <summary>Calls made to Redis on the request path (each is one network round trip, for one request or several).</summary>
    internal long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Requests sent to Redis (in those calls).</summary>
    internal long RequestsSent => Interlocked.Read(ref _requestsSent);

    internal bool CircuitOpen => _breaker.IsOpen;

    public ValueTask<RateLimitDecision> AcquireAsync(RateLimitSubject subject, CancellationToken cancellationToken)
    {
        if (!_breaker.TryEnter(out var epoch, out var retryAfterMs))
        {
            return new(Fail(subject, retryAfterMs));
        }

        return _connection is { } connection
            ? new(Enqueue(connection, new RedisPendingAcquire(subject, epoch, _time.GetTimestamp())))
            : ConnectAndAcquireAsync(subject, epoch);
    }

    private async ValueTask<RateLimitDecision> ConnectAndAcquireAsync(RateLimitSubject subject, long epoch)
    {
        IConnectionMultiplexer connection;
        try
        {
            connection = await ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _breaker.OnFailure(epoch, exception);
            return Fail(subject, (long)_options.FirstProbeDelay.TotalMilliseconds);
        }

        return await Enqueue(connection, new RedisPendingAcquire(subject, epoch, _time.GetTimestamp())).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _eviction.DisposeAsync().ConfigureAwait(false);
        if (_connection is { } connection)
        {
            await connection.CloseAsync().ConfigureAwait(false);
            connection.Dispose();
        }

        _connectGate.Dispose();
    }

    /// <summary>The decision for one request from Redis's clock and the counts the script returned for it, in policy order.</summary>
    internal static RateLimitDecision Decide(RateLimitSubject subject, long redisNowMs, ReadOnlySpan<long> counts)
    {
        var builder = new RateLimitDecisionBuilder(redisNowMs, subject.Cost);
        var index = 0;
        foreach (var policy in subject.Policies.Policies)
        {
            builder.Observe(policy, counts[index++], policy.GetWindow(redisNowMs).EndMs);
        }

        if (subject.OrganizationPolicies is { } organization && subject.Organization is not null)
        {
            foreach (var policy in organization.Policies)
            {
                builder.Observe(policy, counts[index++], policy.GetWindow(redisNowMs).EndMs);
            }
        }

        return builder.Build();
    }

    /// <summary>The read-only script's keys and arguments (<see cref="RedisRateLimitPeekScript"/>).</summary>
    internal (RedisKey[] Keys, RedisValue[] Values) BuildArguments(RateLimitSubject subject)
        => (_arguments.Keys(subject), _arguments.Values(subject));

    /// <summary>The keys and arguments of one call of <see cref="RedisRateLimitScript"/> for <paramref name="subjects"/>, in order.</summary>
    internal (RedisKey[] Keys, RedisValue[] Values) BuildBatch(IReadOnlyList<RateLimitSubject> subjects)
        => RedisAcquireBatch.Build(subjects, _arguments);

    private async Task<RedisResult> ScriptAsync(IDatabase database, byte[] sha1, string text, RedisKey[] keys, RedisValue[] values, bool requestPath)
    {
        if (requestPath)
        {
            Interlocked.Increment(ref _roundTrips);
        }

        try
        {
            return await database.ScriptEvaluateAsync(sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // First call after a Redis start: EVAL once, which also caches the script for EVALSHA.
            if (requestPath)
            {
                Interlocked.Increment(ref _roundTrips);
            }

            return await database.ScriptEvaluateAsync(text, keys, values).ConfigureAwait(false);
        }
    }

    private async ValueTask<IConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } connection)
        {
            return connection;
        }

        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { } raced)
            {
                return raced;
            }

            var configuration = ConfigurationOptions.Parse(_options.Configuration!);
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            var timeout = (int)Math.Max(1, _options.Timeout.TotalMilliseconds);
            configuration.ConnectTimeout = Math.Max(timeout, 1000);
            configuration.AsyncTimeout = timeout;
            configuration.ClientName ??= "rampart-rate-limits";

            // Reconnect every half second: a restarted Redis is back in use within about a second.
            configuration.ReconnectRetryPolicy ??= new LinearRetry(500);
            var connected = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            await PreloadScriptAsync(connected).ConfigureAwait(false);
            _connection = connected;
            return connected;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Loads the script once per connection so that requests need only EVALSHA; a miss later (after a Redis restart) is handled per call.</summary>
    private static async Task PreloadScriptAsync(IConnectionMultiplexer connection)
    {
        foreach (var server in connection.GetServers())
        {
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            try
            {
                await server.ScriptLoadAsync(RedisRateLimitScript.Text).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Best effort: EVALSHA falls back to EVAL on NOSCRIPT.
            }
        }
    }

    private RateLimitDecision Fail(RateLimitSubject subject, long retryAfterMs)
        => _options.FailureMode switch
        {
            RedisFailureMode.FailOpen => RateLimitDecision.Unchecked,
            RedisFailureMode.FailClosed => RateLimitDecision.Unavailable(RateLimitDecisionBuilder.ToSeconds(retryAfterMs)),
            _ => _fallback.Acquire(subject, _time.GetUtcNow().ToUnixTimeMilliseconds()),
        };

    private void EvictEnded() => _fallback.EvictEnded(_time.GetUtcNow().ToUnixTimeMilliseconds());
}
