using System.Security.Cryptography;
using System.Text;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The read-only companion of <see cref="RedisRateLimitScript"/>: the same keys and arguments, the same windows
/// on Redis's clock, one HMGET per hash and no write, so a key's view can show what is left without counting.
/// </summary>
/// <remarks>Returns {now_ms, then per policy: count in the current window, window end ms}.</remarks>
internal static class RedisRateLimitPeekScript
{
    public const string Text = RedisRateLimitScript.WindowFunctions + """
        local counts = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        local result = { now }
        local arg = 4
        for k = 1, 2 do
          local n = counts[k] or 0
          if n > 0 then
            local fields = {}
            for i = 1, n do fields[i] = ARGV[arg + 3 * (i - 1)] end
            local stored = redis.call('HMGET', KEYS[k], unpack(fields))
            for i = 1, n do
              local id, ends = window(now, tonumber(ARGV[arg + 2]))
              arg = arg + 3
              local prefix, count = stored_value(stored[i])
              if prefix ~= id .. ':' then count = 0 end
              result[#result + 1] = count
              result[#result + 1] = ends
            end
          end
        end
        return result
        """;

    /// <summary>The SHA-1 Redis knows the script by, for EVALSHA.</summary>
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
}
