using System.Security.Cryptography;

namespace Rampart.AspNetCore.Keys;

/// <summary>
/// HMAC-SHA256 under one fixed key, with the key schedule paid once per thread instead of once per
/// call. <see cref="HMACSHA256.HashData(byte[], byte[])"/> pads the key and hashes its inner and outer
/// blocks (two of the five SHA-256 blocks a key verification costs) and sets up a fresh native context
/// every time; an <see cref="IncrementalHash"/> keeps both padded states, and resetting it after each
/// hash restores them by copy. Each thread has its own instance, so no state is ever shared between
/// two hashes in flight; a hash runs start to finish on one thread, without awaiting in between.
/// </summary>
internal sealed class KeyedHmac : IDisposable
{
    private readonly byte[] _key;
    private readonly ThreadLocal<IncrementalHash?> _perThread;

    public KeyedHmac(byte[] key)
    {
        _key = key;
        _perThread = new ThreadLocal<IncrementalHash?>(trackAllValues: true);
    }

    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var hmac = _perThread.Value ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        try
        {
            hmac.AppendData(message);
            if (hmac.GetHashAndReset(destination) != ApiKeyHasher.HashLength)
            {
                throw new CryptographicException("HMAC-SHA256 returned an unexpected length.");
            }
        }
        catch
        {
            // Never reuse an instance left mid-hash: the next call starts from a fresh key schedule.
            _perThread.Value = null;
            hmac.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var hmac in _perThread.Values)
        {
            hmac?.Dispose();
        }

        _perThread.Dispose();
    }
}
