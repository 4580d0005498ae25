using System.Collections.Concurrent;
using System.Globalization;

namespace Rampart.LoadTests.Floor;

/// <summary>The three fixed windows counted for a key and again for its organisation, as the Rampart configuration sets them.</summary>
internal static class FloorPolicies
{
    public static readonly string[] Names = ["burst", "minute", "day"];
    // RAMPART_LOAD_FLOOR_BURST_LIMIT lowers the 10-second limit, for the smoke check that a burst over it is refused.
    public static readonly long[] Limits =
    [
        long.TryParse(Environment.GetEnvironmentVariable("RAMPART_LOAD_FLOOR_BURST_LIMIT"), CultureInfo.InvariantCulture, out var burst) ? burst : 100_000_000,
        600_000_000,
        2_000_000_000,
    ];
    public static readonly long[] WindowSeconds = [10, 60, 86_400];

    /// <summary>The <c>RateLimit-Policy</c> value, key's policies then the organisation's, built once.</summary>
    public static readonly string PolicyHeader = string.Join(", ", Enumerable.Range(0, 6).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"\"{HeaderName(i)}\";q={Limits[i % 3]};w={WindowSeconds[i % 3]}")));

    public static string RateLimitHeader(FloorDecision decision)
        => string.Create(CultureInfo.InvariantCulture, $"\"{HeaderName(decision.Closest)}\";r={decision.Remaining};t={decision.ResetSeconds}");

    // Policies 0-2 are the key's, 3-5 its organisation's, named as Rampart names them.
    private static string HeaderName(int policy) => policy < 3 ? Names[policy] : "org." + Names[policy - 3];

    /// <summary>From the six counts after this request (key's three, then the organisation's): the policy closest to exhaustion.</summary>
    public static FloorDecision Decide(ReadOnlySpan<long> counts, long nowMs)
    {
        var closest = 0;
        var remaining = long.MaxValue;
        var admitted = true;
        for (var i = 0; i < 6; i++)
        {
            var left = Limits[i % 3] - counts[i];
            admitted &= left >= 0;
            if (left < remaining)
            {
                remaining = left;
                closest = i;
            }
        }

        var lengthMs = WindowSeconds[closest % 3] * 1000;
        var resetSeconds = (lengthMs - (nowMs % lengthMs) + 999) / 1000;
        return new FloorDecision(admitted, closest, Math.Max(0, remaining), resetSeconds);
    }
}

/// <summary>What came of counting a request: admitted or not, and what the <c>RateLimit</c> field reports.</summary>
internal readonly record struct FloorDecision(bool Admitted, int Closest, long Remaining, long ResetSeconds);

/// <summary>Counts a request against its key's and organisation's windows.</summary>
internal interface IFloorWindows
{
    ValueTask<FloorDecision> AcquireAsync(FloorKeyRecord record);
}

/// <summary>
/// In memory: per key and per organisation three counters, each a window number and a count packed in
/// one long and moved with compare-and-swap; a request over any limit is taken back from all six.
/// </summary>
internal sealed class InMemoryFloorWindows : IFloorWindows
{
    private readonly ConcurrentDictionary<string, long[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _organizations = new(StringComparer.Ordinal);

    public ValueTask<FloorDecision> AcquireAsync(FloorKeyRecord record)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var key = _keys.GetOrAdd(record.Id, static _ => new long[3]);
        var organization = _organizations.GetOrAdd(record.Organization, static _ => new long[3]);
        Span<long> counts = stackalloc long[6];
        for (var i = 0; i < 3; i++)
        {
            var window = nowMs / (FloorPolicies.WindowSeconds[i] * 1000);
            counts[i] = Add(ref key[i], window, 1);
            counts[i + 3] = Add(ref organization[i], window, 1);
        }

        var decision = FloorPolicies.Decide(counts, nowMs);
        if (!decision.Admitted)
        {
            for (var i = 0; i < 3; i++)
            {
                var window = nowMs / (FloorPolicies.WindowSeconds[i] * 1000);
                Add(ref key[i], window, -1);
                Add(ref organization[i], window, -1);
            }
        }

        return new(decision);
    }

    // High 32 bits: the window's number (modulo 2^32); low 32 bits: the count in it.
    private static long Add(ref long slot, long window, long delta)
    {
        var tag = window & 0xFFFF_FFFF;
        while (true)
        {
            var seen = Volatile.Read(ref slot);
            var count = (seen >>> 32) == tag ? seen & 0xFFFF_FFFF : 0;
            var next = Math.Max(0, count + delta);
            if (Interlocked.CompareExchange(ref slot, (tag << 32) | next, seen) == seen)
            {
                return next;
            }
        }
    }
}
