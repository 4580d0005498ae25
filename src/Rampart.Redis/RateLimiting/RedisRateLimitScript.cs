using System.Security.Cryptography;
using System.Text;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The one Lua script that checks and updates, atomically, every window of a key and its organisation for
/// each of a batch of requests: the requests waiting while the previous call was in flight go in one EVALSHA.
/// </summary>
/// <remarks>
/// <para>
/// KEYS are the distinct hashes of the batch (a key's, an organisation's; a key's and its organisation's carry
/// the same hash tag). ARGV: the number of requests, the number of policy sets, then per set its policy count
/// n, n pairs of field names (<c>w:name</c>, the current window's number; <c>c:name</c>, its count) and n pairs
/// of limit and window seconds (0 = calendar month); then per request its cost, the index (1-based) of its key
/// hash and policy set, and of its organisation hash and set (0 = none).
/// </para>
/// <para>
/// Requests are decided in the order given, each all-or-nothing and seeing the counts of those before it,
/// exactly as separate calls in that order would; a refused request changes nothing. Time is Redis's own
/// (one TIME per call), so instances with skewed clocks share exact windows. Each hash is read once (HMGET)
/// and written once (HSET of the fields that changed), and its expiry is moved (PEXPIREAT, to the end of the
/// longest window plus a second) only when a window started anew, since otherwise it already stands there.
/// Returns {now_ms, then per request: admitted, then the count before it of each key and organisation policy}.
/// </para>
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
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local requests = tonumber(ARGV[1])

        local sets = {}
        local a = 3
        for s = 1, tonumber(ARGV[2]) do
          local n = tonumber(ARGV[a])
          local set = { n = n, fields = a + 1, ids = {}, limits = {}, longest = 0 }
          for i = 1, n do
            local p = a + 2 * n + 2 * i - 1
            local id, ends = window(now, tonumber(ARGV[p + 1]))
            set.ids[i] = id
            set.limits[i] = tonumber(ARGV[p])
            if ends > set.longest then set.longest = ends end
          end
          sets[s] = set
          a = a + 4 * n + 1
        end

        -- Per hash: its fields (as numbers) as read, then as this batch leaves them; what changed; its new expiry.
        local hashes = {}
        local function state(h, set)
          local hash = hashes[h]
          if not hash then
            hash = { values = {}, loaded = {}, dirty = {}, expires = 0 }
            hashes[h] = hash
          end
          if not hash.loaded[set] and set.n > 0 then
            hash.loaded[set] = true
            local stored = redis.call('HMGET', KEYS[h], unpack(ARGV, set.fields, set.fields + 2 * set.n - 1))
            for j = 1, 2 * set.n do
              local field = ARGV[set.fields + j - 1]
              if hash.values[field] == nil then hash.values[field] = tonumber(stored[j]) or false end
            end
          end
          return hash
        end

        local function count_of(hash, set, i)
          local w = ARGV[set.fields + 2 * i - 2]
          if hash.values[w] == set.ids[i] then
            return hash.values[ARGV[set.fields + 2 * i - 1]] or 0
          end
          return 0
        end

        local function fits(h, set, cost, result)
          local hash = state(h, set)
          local ok = true
          for i = 1, set.n do
            local count = count_of(hash, set, i)
            result[#result + 1] = count
            if count + cost > set.limits[i] then ok = false end
          end
          return ok
        end

        local function take(h, set, cost)
          local hash = hashes[h]
          for i = 1, set.n do
            local count = count_of(hash, set, i)
            local w = ARGV[set.fields + 2 * i - 2]
            local c = ARGV[set.fields + 2 * i - 1]
            if hash.values[w] ~= set.ids[i] then
              hash.values[w] = set.ids[i]
              hash.dirty[w] = true
              if set.longest > hash.expires then hash.expires = set.longest end
            end
            hash.values[c] = count + cost
            hash.dirty[c] = true
          end
        end

        local result = { now }
        for r = 0, requests - 1 do
          local q = a + 5 * r
          local cost = tonumber(ARGV[q])
          local kh, ks, oh, os = tonumber(ARGV[q + 1]), sets[tonumber(ARGV[q + 2])], tonumber(ARGV[q + 3]), sets[tonumber(ARGV[q + 4])]
          local at = #result + 1
          result[at] = 1
          local ok = fits(kh, ks, cost, result)
          if oh > 0 then ok = fits(oh, os, cost, result) and ok end
          if ok then
            take(kh, ks, cost)
            if oh > 0 then take(oh, os, cost) end
          else
            result[at] = 0
          end
        end

        for h, hash in pairs(hashes) do
          local writes = {}
          for field in pairs(hash.dirty) do
            writes[#writes + 1] = field
            writes[#writes + 1] = hash.values[field]
          end
          if #writes > 0 then
            redis.call('HSET', KEYS[h], unpack(writes))
            if hash.expires > 0 then redis.call('PEXPIREAT', KEYS[h], hash.expires + 1000) end
          end
        end
        return result
        """;

    /// <summary>The SHA-1 Redis knows the script by, for EVALSHA.</summary>
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
}
