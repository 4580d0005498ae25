using System.Threading.Tasks.Sources;
using StackExchange.Redis;

namespace Rampart.LoadTests.Floor;

/// <summary>
/// In Redis, coalesced by the thinnest batching: one call in flight; requests arriving meanwhile are queued
/// and go together in the next EVALSHA, six key names each, in arrival order. The script takes Redis's time
/// once, then for each request in order counts its six windows as <see cref="RedisFloorWindows"/> does (INCRBY,
/// PEXPIRE when a window is new, all six taken back when one is over), and returns one number per request
/// that carries its verdict, so each request is decided as it would be alone. Key names are made once per
/// key, the waiting requests and the per-size key arrays are reused: a request allocates nothing of its own
/// here beyond what the multiplexer does with the reply.
/// </summary>
internal sealed class CoalescedRedisFloorWindows : IFloorWindows, IDisposable
{
    /// <summary>Keeps one script run well under a millisecond of Redis's time.</summary>
    private const int MaxBatch = 64;

    // Per request: closest * 1 + remaining * 8 when admitted, -(closest + 1) when not (as FloorPolicies.Decide).
    private const string Script = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local result = { now }
        local limits, lengths, suffixes = {}, {}, {}
        for i = 1, 6 do
          limits[i] = tonumber(ARGV[2 * i - 1])
          lengths[i] = tonumber(ARGV[2 * i]) * 1000
          suffixes[i] = ':' .. math.floor(now / lengths[i])
        end
        local names = {}
        for r = 0, #KEYS / 6 - 1 do
          local closest, least = 0, nil
          for i = 1, 6 do
            local name = KEYS[6 * r + i] .. suffixes[i]
            local count = redis.call('INCRBY', name, 1)
            if count == 1 then redis.call('PEXPIRE', name, lengths[i] + 1000) end
            local left = limits[i] - count
            if least == nil or left < least then least = left; closest = i - 1 end
            names[i] = name
          end
          if least < 0 then
            for i = 1, 6 do redis.call('DECRBY', names[i], 1) end
            result[r + 2] = -(closest + 1)
          else
            result[r + 2] = least * 8 + closest
          end
        end
        return result
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly byte[] _sha1;
    private readonly RedisValue[] _arguments;
    private readonly Dictionary<string, RedisKey[]> _names = new(StringComparer.Ordinal);

    // One call in flight, so each size's key array is free again once its call has answered.
    private readonly RedisKey[]?[] _keysBySize = new RedisKey[MaxBatch + 1][];

    private readonly Lock _gate = new();
    private readonly Stack<Waiting> _free = new();
    private List<Waiting> _queued = new(MaxBatch);
    private bool _sending;
    private long _calls;
    private long _requestsSent;

    public CoalescedRedisFloorWindows(string configuration)
    {
        _connection = ConnectionMultiplexer.Connect(configuration);
        _database = _connection.GetDatabase();
        _sha1 = _connection.GetServer(_connection.GetEndPoints()[0]).ScriptLoad(Script);
        _arguments = [.. Enumerable.Range(0, 6).SelectMany(i => new RedisValue[] { FloorPolicies.Limits[i % 3], FloorPolicies.WindowSeconds[i % 3] })];
    }

    /// <summary>Calls sent to Redis on the request path.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Requests those calls carried.</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    public ValueTask<FloorDecision> AcquireAsync(FloorKeyRecord record)
    {
        Waiting waiting;
        bool start;
        lock (_gate)
        {
            waiting = _free.Count > 0 ? _free.Pop() : new Waiting(this);
            waiting.Names = NamesOf(record);
            _queued.Add(waiting);
            start = !_sending;
            _sending = true;
        }

        var task = waiting.Task;
        if (start)
        {
            _ = SendQueuedAsync();
        }

        return task;
    }

    // Under the gate: the dictionary is only touched there.
    private RedisKey[] NamesOf(FloorKeyRecord record)
    {
        if (!_names.TryGetValue(record.Id, out var names))
        {
            names =
            [
                .. FloorPolicies.Names.Select(n => (RedisKey)$"floorc:k:{record.Id}:{n}"),
                .. FloorPolicies.Names.Select(n => (RedisKey)$"floorc:o:{record.Organization}:{n}"),
            ];
            _names.Add(record.Id, names);
        }

        return names;
    }

    private async Task SendQueuedAsync()
    {
        var batch = new List<Waiting>(MaxBatch);
        while (true)
        {
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _sending = false;
                    return;
                }

                if (_queued.Count <= MaxBatch)
                {
                    (batch, _queued) = (_queued, batch);
                }
                else
                {
                    batch.AddRange(_queued.GetRange(0, MaxBatch));
                    _queued.RemoveRange(0, MaxBatch);
                }
            }

            var keys = _keysBySize[batch.Count] ??= new RedisKey[6 * batch.Count];
            for (var r = 0; r < batch.Count; r++)
            {
                batch[r].Names.CopyTo(keys, 6 * r);
            }

            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _requestsSent, batch.Count);
            try
            {
                var result = (RedisResult[])(await _database.ScriptEvaluateAsync(_sha1, keys, _arguments).ConfigureAwait(false))!;
                var nowMs = (long)result[0];
                for (var r = 0; r < batch.Count; r++)
                {
                    batch[r].Complete(Decode((long)result[r + 1], nowMs));
                }
            }
            catch (Exception exception)
            {
                foreach (var waiting in batch)
                {
                    waiting.Fail(exception);
                }
            }

            batch.Clear();
        }
    }

    private static FloorDecision Decode(long code, long nowMs)
    {
        var closest = code >= 0 ? (int)(code & 7) : (int)(-code - 1);
        var lengthMs = FloorPolicies.WindowSeconds[closest % 3] * 1000;
        var resetSeconds = (lengthMs - (nowMs % lengthMs) + 999) / 1000;
        return new FloorDecision(code >= 0, closest, code >= 0 ? code >> 3 : 0, resetSeconds);
    }

    private void Return(Waiting waiting)
    {
        lock (_gate)
        {
            _free.Push(waiting);
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>A request waiting for its verdict; reused once its awaiter has read the result.</summary>
    private sealed class Waiting(CoalescedRedisFloorWindows owner) : IValueTaskSource<FloorDecision>
    {
        // Continuations run on the thread pool, not one after another on the thread that read the reply.
        private ManualResetValueTaskSourceCore<FloorDecision> _core = new() { RunContinuationsAsynchronously = true };

        public RedisKey[] Names { get; set; } = [];

        public ValueTask<FloorDecision> Task => new(this, _core.Version);

        public void Complete(FloorDecision decision) => _core.SetResult(decision);

        public void Fail(Exception exception) => _core.SetException(exception);

        public FloorDecision GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
                Names = [];
                owner.Return(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
