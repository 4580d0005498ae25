using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Rampart.LoadTests.Floor;

/// <summary>
/// In Redis, one EVALSHA per request: the least any shared limiter of six windows pays when it sends each
/// request on its own. The script takes Redis's time, counts the six windows (a string per window, named by
/// its number, INCRBY and a PEXPIRE when the window is new), takes the request back from all six when one
/// is over its limit, and returns the time and the counts.
/// </summary>
internal sealed class RedisFloorWindows : IFloorWindows, IDisposable
{
    private const string Script = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local cost = tonumber(ARGV[1])
        local result = { now }
        local names = {}
        local over = false
        for i = 1, 6 do
          local length = tonumber(ARGV[1 + 2 * i]) * 1000
          local name = KEYS[i] .. ':' .. math.floor(now / length)
          local count = redis.call('INCRBY', name, cost)
          if count == cost then redis.call('PEXPIRE', name, length + 1000) end
          if count > tonumber(ARGV[2 * i]) then over = true end
          names[i] = name
          result[i + 1] = count
        end
        if over then
          for i = 1, 6 do redis.call('DECRBY', names[i], cost) end
        end
        return result
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly byte[] _sha1;
    private readonly RedisValue[] _arguments;

    // Per key, its six counter names (the key's three windows, then its organisation's), made once.
    private readonly ConcurrentDictionary<string, RedisKey[]> _names = new(StringComparer.Ordinal);

    public RedisFloorWindows(string configuration)
    {
        _connection = ConnectionMultiplexer.Connect(configuration);
        _database = _connection.GetDatabase();
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        _sha1 = server.ScriptLoad(Script);
        _arguments = [1, .. Enumerable.Range(0, 6).SelectMany(i => new RedisValue[] { FloorPolicies.Limits[i % 3], FloorPolicies.WindowSeconds[i % 3] })];
    }

    /// <summary>Calls sent to Redis on the request path.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    private long _calls;

    public async ValueTask<FloorDecision> AcquireAsync(FloorKeyRecord record)
    {
        var names = _names.GetOrAdd(record.Id, static (_, r) =>
        [
            .. FloorPolicies.Names.Select(n => (RedisKey)$"floor:k:{r.Id}:{n}"),
            .. FloorPolicies.Names.Select(n => (RedisKey)$"floor:o:{r.Organization}:{n}"),
        ], record);
        Interlocked.Increment(ref _calls);
        var result = (RedisResult[])(await _database.ScriptEvaluateAsync(_sha1, names, _arguments).ConfigureAwait(false))!;
        Span<long> counts = stackalloc long[6];
        for (var i = 0; i < 6; i++)
        {
            counts[i] = (long)result[i + 1];
        }

        return FloorPolicies.Decide(counts, (long)result[0]);
    }

    public void Dispose() => _connection.Dispose();
}
