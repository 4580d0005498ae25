using System.Security.Cryptography;
using System.Text;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The one Lua script that checks and updates every window of a key and its organisation atomically.
/// </summary>
/// <remarks>
/// KEYS[1] is the key's hash and KEYS[2], when present, the organisation's; both carry the same hash
/// tag so they live in one Redis Cluster slot. ARGV: cost, number of key policies, number of
/// organisation policies, then per policy its name, limit and window in seconds (0 = calendar month).
/// Each hash holds, per policy, <c>w:name</c> (the current window's number) and <c>c:name</c> (its
/// count). Time is Redis's own (TIME), so instances with skewed clocks share exact windows. Nothing
/// is written unless every policy admits the request; every write sets the hash to expire when its
/// longest window ends. Returns {admitted, now_ms, then per policy: count before, window end ms}.
/// </remarks>
internal static class RedisRateLimitScript
{
    /// <summary>
    /// Lua shared with <see cref="RedisRateLimitPeekScript"/>: <c>window(now_ms, seconds)</c> gives the current
    /// window's number and end (ms) for a window length in seconds, 0 meaning the calendar month (UTC);
    /// <c>stored_windows(key, arg, n)</c> reads the stored window number and count of the n policies from ARGV[arg] on.
    /// </summary>
    public const string WindowFunctions = """
        local function days_from_civil(y, m, d)
          if m <= 2 then y = y - 1 end
          local era = math.floor(y / 400)
          local yoe = y - era * 400
          local mp = (m > 2) and (m - 3) or (m + 9)
          local doy = math.floor((153 * mp + 2) / 5) + d - 1
          local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
          return era * 146097 + doe - 719468
        end

        local function month_window(now_ms)
          local z = math.floor(now_ms / 86400000) + 719468
          local era = math.floor(z / 146097)
          local doe = z - era * 146097
          local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
          local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
          local mp = math.floor((5 * doy + 2) / 153)
          local m = (mp < 10) and (mp + 3) or (mp - 9)
          local y = yoe + era * 400
          if m <= 2 then y = y + 1 end
          local ny, nm = y, m + 1
          if nm > 12 then ny = ny + 1; nm = 1 end
          return y * 12 + m - 1, days_from_civil(ny, nm, 1) * 86400000
        end

        local function stored_windows(key, arg, n)
          local fields = {}
          for i = 1, n do
            local name = ARGV[arg + (i - 1) * 3]
            fields[#fields + 1] = 'w:' .. name
            fields[#fields + 1] = 'c:' .. name
          end
          return redis.call('HMGET', key, unpack(fields))
        end

        local function window(now_ms, seconds)
          if seconds == 0 then return month_window(now_ms) end
          local length = seconds * 1000
          local id = math.floor(now_ms / length)
          return id, (id + 1) * length
        end

        """;

    public const string Text = WindowFunctions + """
        local cost = tonumber(ARGV[1])
        local counts = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        local result = { 1, now }
        local admitted = 1
        local plans = {}
        local arg = 4
        for k = 1, 2 do
          local n = counts[k] or 0
          if n > 0 then
            local stored = stored_windows(KEYS[k], arg, n)
            local plan = { key = KEYS[k], writes = {}, expires = 0 }
            for i = 1, n do
              local name = ARGV[arg]
              local limit = tonumber(ARGV[arg + 1])
              local seconds = tonumber(ARGV[arg + 2])
              arg = arg + 3
              local id, ends = window(now, seconds)
              local count = 0
              if tonumber(stored[2 * i - 1]) == id then count = tonumber(stored[2 * i]) or 0 end
              if count + cost > limit then admitted = 0 end
              result[#result + 1] = count
              result[#result + 1] = ends
              local w = plan.writes
              w[#w + 1] = 'w:' .. name
              w[#w + 1] = string.format('%d', id)
              w[#w + 1] = 'c:' .. name
              w[#w + 1] = string.format('%d', count + cost)
              if ends > plan.expires then plan.expires = ends end
            end
            plans[#plans + 1] = plan
          end
        end

        if admitted == 1 then
          for _, plan in ipairs(plans) do
            redis.call('HSET', plan.key, unpack(plan.writes))
            redis.call('PEXPIREAT', plan.key, string.format('%d', plan.expires + 1000))
          end
        end
        result[1] = admitted
        return result
        """;

    /// <summary>The SHA-1 Redis knows the script by, for EVALSHA.</summary>
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
}
