using System.Security.Cryptography;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Tests.Keys;

public class KeyedHmacTests
{
    [Fact]
    public void Each_hash_equals_a_one_shot_hmac_however_many_came_before_it_on_the_thread()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var hmac = new KeyedHmac(key);
        Span<byte> actual = stackalloc byte[32];
        for (var length = 0; length < 200; length++)
        {
            var message = RandomNumberGenerator.GetBytes(length);
            hmac.Compute(message, actual);
            Assert.Equal(HMACSHA256.HashData(key, message), actual.ToArray());
        }
    }

    [Fact]
    public async Task Threads_hashing_at_once_never_mix_their_states()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var hmac = new KeyedHmac(key);
        using var start = new Barrier(4);
        var mismatches = 0;
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(
            () =>
            {
                var message = new byte[84];
                var actual = new byte[32];
                start.SignalAndWait();
                for (var i = 0; i < 5_000; i++)
                {
                    message[0] = (byte)worker;
                    message[1] = (byte)i;
                    hmac.Compute(message, actual);
                    if (!actual.AsSpan().SequenceEqual(HMACSHA256.HashData(key, message)))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(workers);
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Two_keys_hash_apart_on_the_same_thread()
    {
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);
        using var a = new KeyedHmac(first);
        using var b = new KeyedHmac(second);
        var message = RandomNumberGenerator.GetBytes(84);
        var hashA = new byte[32];
        var hashB = new byte[32];

        a.Compute(message, hashA);
        b.Compute(message, hashB);

        Assert.Equal(HMACSHA256.HashData(first, message), hashA);
        Assert.Equal(HMACSHA256.HashData(second, message), hashB);
    }
}
