using System.Security.Cryptography;
using System.Text;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The one Lua script that checks and updates, atomically, every window of a key and its organisation for
/// each of a batch of requests: the requests waiting while the previous call was in flight go in one EVALSHA.
/// </summary>
/// <remarks>
/// <para>
/// Stored layout (<see cref="LayoutVersion"/>): a hash per key and per organisation, one field per policy, named
/// as the policy, holding <c>window:count</c> (the window's number and the units counted in it). A value of
/// another window counts as 0.
/// </para>
/// <para>
/// KEYS are the distinct hashes of the batch (a key's, an organisation's; a key's and its organisation's carry
/// the same hash tag). ARGV: the number of requests, the number of policy sets, then per set its policy count
/// n, its n field names and n pairs of limit and window seconds (0 = calendar month); then per request its
/// cost, the index (1-based) of its key hash and policy set, and of its organisation hash and set (0 = none).
/// </para>
/// <para>
/// Requests are decided in the order given, each all-or-nothing and seeing the counts of those before it,
/// exactly as separate calls in that order would; a refused request changes nothing. Time is Redis's own
/// (one TIME per call), so instances with skewed clocks share exact windows. Each hash is read once (HMGET)
/// and written once (HSET of the fields that changed), and its expiry is moved (PEXPIREAT, to the end of the
/// longest window plus a second) only when a window started anew, since otherwise it already stands there, and
/// never earlier than it stands (PTTL), so a count kept for a longer window of another policy set is not lost.
/// Returns {now_ms, then per request: admitted, then the count before it of each key and organisation policy}.
/// </para>
/// </remarks>
internal static class RedisRateLimitScript
{
    /// <summary>
    /// The stored layout's version, in every key name after the configured prefix: a hash written in another
    /// layout is never read as this one. Counts an earlier layout stored are not carried over; they expire
    /// with their windows.
    /// </summary>
    public const string LayoutVersion = "v2:";

    /// <summary>
    /// Lua shared with <see cref="RedisRateLimitPeekScript"/>: <c>window(now_ms, seconds)</c> gives the current
    /// window's number and end (ms) for a window length in seconds, 0 meaning the calendar month (UTC);
    /// <c>stored_value(value)</c> splits a stored <c>window:count</c> into the window's prefix (<c>window:</c>)
    /// and the count, or gives <c>false, 0</c> for a missing or malformed value.
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

        local function window(now_ms, seconds)
          if seconds == 0 then return month_window(now_ms) end
          local length = seconds * 1000
          local id = math.floor(now_ms / length)
          return id, (id + 1) * length
        end

        local function stored_value(value)
          if value then
            local colon = string.find(value, ':', 1, true)
            if colon then
              local count = tonumber(string.sub(value, colon + 1))
              if count then return string.sub(value, 1, colon), count end
            end
          end
          return false, 0
        end

        """;

    public const string Text = WindowFunctions + """
        local tonumber, find, sub, KEYS, ARGV = tonumber, string.find, string.sub, KEYS, ARGV
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local requests = tonumber(ARGV[1])

        -- Per policy set: its field names, limits, the current windows' prefixes ('window:'), its longest window's end.
        local sets = {}
        local a = 3
        for s = 1, tonumber(ARGV[2]) do
          local n = tonumber(ARGV[a])
          local set = { n = n, names = {}, limits = {}, prefixes = {}, longest = 0 }
          for i = 1, n do
            set.names[i] = ARGV[a + i]
            set.limits[i] = tonumber(ARGV[a + n + 2 * i - 1])
            local id, ends = window(now, tonumber(ARGV[a + n + 2 * i]))
            set.prefixes[i] = id .. ':'
            if ends > set.longest then set.longest = ends end
          end
          sets[s] = set
          a = a + 3 * n + 1
        end

        -- The fields read, one slot g each, in arrays shared by every hash (few tables to build per call): name,
        -- window prefix and count as this call leaves them, whether it changed them. A hash read for one policy
        -- set holds that set's fields in slots base[h] + 1 .. base[h] + n; a hash met with a second set (a reload
        -- between two of a batch's requests) gets a map of its fields by name, so the same field is one slot.
        local names, prefixes, counts, dirty = {}, {}, {}, {}
        local top = 0
        local first, base, expires, other = {}, {}, {}, {}
        local identity = {}
        for i = 1, 64 do identity[i] = i end

        local function load(h, slots, wanted, n)
          if n == 0 then return end
          local stored = redis.call('HMGET', KEYS[h], unpack(wanted, 1, n))
          for j = 1, n do
            local g, value = slots[j], stored[j]
            local prefix = prefixes[g]
            if value and find(value, prefix, 1, true) == 1 then
              counts[g] = tonumber(sub(value, #prefix + 1)) or 0
            else
              prefixes[g], counts[g] = stored_value(value)
            end
          end
        end

        -- The slots of h's fields for set: an offset and the slot numbers after it.
        local function slots_of(h, set)
          if first[h] == set then return base[h], identity end
          if first[h] == nil and set.n <= 64 then
            first[h], base[h], expires[h] = set, top, 0
            for i = 1, set.n do
              names[top + i] = set.names[i]
              prefixes[top + i] = set.prefixes[i]
            end
            top = top + set.n
            local slots = {}
            for i = 1, set.n do slots[i] = base[h] + i end
            load(h, slots, set.names, set.n)
            return base[h], identity
          end
          local known = other[h]
          if not known then
            known = { fields = {}, extra = {} }
            other[h] = known
            expires[h] = expires[h] or 0
            if first[h] then
              for i = 1, first[h].n do known.fields[first[h].names[i]] = base[h] + i end
            end
          end
          local slots = known[set]
          if slots then return 0, slots end
          slots = {}
          local fresh, wanted = {}, {}
          for i = 1, set.n do
            local name = set.names[i]
            local g = known.fields[name]
            if not g then
              top = top + 1
              g = top
              known.fields[name] = g
              known.extra[#known.extra + 1] = g
              names[g], prefixes[g] = name, set.prefixes[i]
              fresh[#fresh + 1] = g
              wanted[#wanted + 1] = name
            end
            slots[i] = g
          end
          if #wanted > 0 then load(h, fresh, wanted, #wanted) end
          known[set] = slots
          return 0, slots
        end

        local result = { now }
        local at = 2

        -- Appends the counts of h's windows in set to the result; whether cost fits every one of them.
        local function fits(h, set, cost)
          local offset, slots = slots_of(h, set)
          local current, limits = set.prefixes, set.limits
          local ok = true
          for i = 1, set.n do
            local g = offset + slots[i]
            local count = 0
            if prefixes[g] == current[i] then count = counts[g] end
            result[at] = count
            at = at + 1
            if count + cost > limits[i] then ok = false end
          end
          return ok
        end

        local function take(h, set, cost)
          local offset, slots = slots_of(h, set)
          local current = set.prefixes
          for i = 1, set.n do
            local g = offset + slots[i]
            if prefixes[g] ~= current[i] then
              prefixes[g], counts[g], dirty[g] = current[i], cost, true
              if set.longest > expires[h] then expires[h] = set.longest end
            elseif cost ~= 0 then
              counts[g], dirty[g] = counts[g] + cost, true
            end
          end
        end

        for r = 0, requests - 1 do
          local q = a + 5 * r
          local cost = tonumber(ARGV[q])
          local kh, ks, oh = tonumber(ARGV[q + 1]), sets[tonumber(ARGV[q + 2])], tonumber(ARGV[q + 3])
          local flag = at
          at = at + 1
          local ok = fits(kh, ks, cost)
          local os
          if oh > 0 then
            os = sets[tonumber(ARGV[q + 4])]
            ok = fits(oh, os, cost) and ok
          end
          if ok then
            result[flag] = 1
            take(kh, ks, cost)
            if oh > 0 then take(oh, os, cost) end
          else
            result[flag] = 0
          end
        end

        local writes = {}
        local w = 0
        local function write(g)
          if dirty[g] then
            -- Lua writes numbers with 14 significant digits: larger counts are written in full.
            local count = counts[g]
            if count >= 1e14 then count = string.format('%.0f', count) end
            writes[w + 1] = names[g]
            writes[w + 2] = prefixes[g] .. count
            w = w + 2
          end
        end

        for h = 1, #KEYS do
          w = 0
          if first[h] then
            for g = base[h] + 1, base[h] + first[h].n do write(g) end
          end
          if other[h] then
            for _, g in ipairs(other[h].extra) do write(g) end
          end
          if w > 0 then
            redis.call('HSET', KEYS[h], unpack(writes, 1, w))
            if expires[h] > 0 then
              -- Never earlier than it stands: the hash may hold a longer window's count written under another
              -- policy set (another instance's configuration, or one before a reload).
              local ends = expires[h] + 1000
              local ttl = redis.call('PTTL', KEYS[h])
              if ttl < 0 or now + ttl < ends then redis.call('PEXPIREAT', KEYS[h], ends) end
            end
          end
        end
        return result
        """;

    /// <summary>The SHA-1 Redis knows the script by, for EVALSHA.</summary>
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
}
