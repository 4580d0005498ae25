using Rampart.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// One call to Redis in flight at a time: requests that arrive meanwhile wait, and go together in the next
/// call, in arrival order, up to <see cref="MaxBatch"/> per call. An idle limiter sends a request at once, so
/// coalescing adds no wait of its own; under load Redis parses, runs and answers one script for many requests.
/// </summary>
/// <remarks>
/// Each request is still decided atomically and all-or-nothing, and sees the counts of the requests before it
/// (the script runs them in order). Each request's wait is bounded by <see cref="RedisRateLimitOptions.Timeout"/>
/// from when it was queued: a call is given what is left of its oldest request's time, and requests that waited
/// out their time behind a stalled call fail without being sent. In Redis Cluster a script's keys must share
/// a slot, so there each call carries one request.
/// </remarks>
internal sealed partial class RedisRateLimiter
{
    /// <summary>
    /// The most requests in one call: Redis runs a script to its end before anything else, so a call is kept
    /// to well under a millisecond of Redis's time.
    /// </summary>
    internal const int MaxBatch = 64;

    /// <summary>
    /// The most calls in flight at once. Redis runs a connection's commands in the order they were written, so
    /// more than one would still decide requests in order; measured with two, every request cost more (half the
    /// requests per call, so more of Redis's fixed cost per call and more client work per request) and throughput
    /// fell where app, Redis and load share the cores. One in flight lets the queue fill while Redis works.
    /// </summary>
    internal const int MaxInFlight = 1;

    private readonly Lock _queueGate = new();
    private List<RedisPendingAcquire> _queued = [];
    private int _senders;
    private int _batchLimit;

    private Task<RateLimitDecision> Enqueue(IConnectionMultiplexer connection, RedisPendingAcquire pending)
    {
        bool start;
        lock (_queueGate)
        {
            _queued.Add(pending);
            start = _senders < MaxInFlight;
            if (start)
            {
                _senders++;
            }
        }

        if (start)
        {
            _ = SendQueuedAsync(connection);
        }

        return pending.Task;
    }

    /// <summary>
    /// One of at most <see cref="MaxInFlight"/> senders: takes what is queued, sends it, completes it, and
    /// again, until nothing is queued. Never throws.
    /// </summary>
    private async Task SendQueuedAsync(IConnectionMultiplexer connection)
    {
        var batch = new List<RedisPendingAcquire>();
        var database = connection.GetDatabase();
        while (true)
        {
            var limit = BatchLimit(connection);
            Task<RedisResult> call;
            lock (_queueGate)
            {
                if (_queued.Count == 0)
                {
                    _senders--;
                    return;
                }

                if (_queued.Count <= limit)
                {
                    (batch, _queued) = (_queued, batch);
                }
                else
                {
                    batch.AddRange(_queued.GetRange(0, limit));
                    _queued.RemoveRange(0, limit);
                }

                // Written to the connection under the gate: batches reach Redis in the order they were taken,
                // so requests are decided in arrival order across calls as within one.
                call = StartCall(database, batch);
            }

            await CompleteAsync(batch, call).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>Writes the call for <paramref name="batch"/>; a failure to build or write it is the call's failure.</summary>
    private Task<RedisResult> StartCall(IDatabase database, List<RedisPendingAcquire> batch)
    {
        try
        {
            if (_options.Timeout - _time.GetElapsedTime(batch[0].QueuedAt) <= TimeSpan.Zero)
            {
                throw new TimeoutException("The requests waited out the Redis timeout behind an earlier call.");
            }

            var (keys, arguments) = RedisAcquireBatch.Build(batch, _arguments);
            Interlocked.Add(ref _requestsSent, batch.Count);
            return ScriptAsync(database, RedisRateLimitScript.Sha1, RedisRateLimitScript.Text, keys, arguments, requestPath: true);
        }
        catch (Exception exception)
        {
            return Task.FromException<RedisResult>(exception);
        }
    }

    /// <summary>Waits for the call of <paramref name="batch"/> and completes every request in it; never throws.</summary>
    private async Task CompleteAsync(List<RedisPendingAcquire> batch, Task<RedisResult> call)
    {
        long[] values;
        try
        {
            var left = _options.Timeout - _time.GetElapsedTime(batch[0].QueuedAt);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The requests waited out the Redis timeout.");
            }

            var result = await call.WaitAsync(left, _time, CancellationToken.None).ConfigureAwait(false);
            values = (long[])result!;
        }
        catch (Exception exception)
        {
            // Whatever went wrong talking to Redis (errors, timeouts, a connection being torn down),
            // each request still gets the declared behaviour and the breaker learns of it.
            ObserveQuietly(call);
            FailUndecided(batch, exception);
            return;
        }

        try
        {
            var redisNowMs = values[0];
            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var index = 1;
            foreach (var pending in batch)
            {
                var subject = pending.Subject;
                var counts = values.AsSpan(index + 1, RedisAcquireBatch.CountsOf(subject));
                index += 1 + counts.Length;
                _breaker.OnSuccess(pending.Epoch);
                var decision = Decide(subject, redisNowMs, counts);
                _fallback.Observe(subject, redisNowMs, counts, decision.IsAdmitted, nowMs);
                pending.TrySetResult(decision);
            }
        }
        catch (Exception exception)
        {
            // A reply of another shape than the script's: no request may be left waiting.
            FailUndecided(batch, exception);
        }
    }

    /// <summary>A call given up on (timed out) may still fail later: its exception is observed, not left unobserved.</summary>
    private static void ObserveQuietly(Task call)
    {
        if (!call.IsCompleted)
        {
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void FailUndecided(List<RedisPendingAcquire> batch, Exception exception)
    {
        foreach (var pending in batch)
        {
            if (!pending.Task.IsCompleted)
            {
                _breaker.OnFailure(pending.Epoch, exception);
                pending.TrySetResult(Fail(pending.Subject, (long)_options.FirstProbeDelay.TotalMilliseconds));
            }
        }
    }

    /// <summary>How many requests one call may carry: <see cref="MaxBatch"/> once every server is known to be standalone, otherwise one.</summary>
    private int BatchLimit(IConnectionMultiplexer connection)
    {
        if (_batchLimit != 0)
        {
            return _batchLimit;
        }

        // Until every server has answered, its type is not known: one request per call until then. Anything but
        // standalone servers (a cluster, a proxy in front of shards) may hold a batch's keys apart: one per call.
        IServer[] servers;
        try
        {
            servers = connection.GetServers();
        }
        catch (RedisException)
        {
            return 1;
        }

        if (servers.Length == 0 || !servers.All(s => s.IsConnected))
        {
            return 1;
        }

        return _batchLimit = servers.All(s => s.ServerType == ServerType.Standalone) ? MaxBatch : 1;
    }
}
