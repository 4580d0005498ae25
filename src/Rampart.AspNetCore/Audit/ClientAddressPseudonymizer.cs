using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Logging;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Turns a client address into a stable pseudonym, <c>HMAC-SHA256(k, address)</c> cut to 128 bits,
/// so records from one client correlate but the address is not stored. Without a keyed hash an IPv4
/// address could be recovered by hashing all 2³² of them; without the key, it cannot.
/// </summary>
/// <remarks>
/// The key <c>k</c> is <see cref="RampartLoggingOptions.ClientAddressKey"/> when set, else
/// HKDF-SHA256 (RFC 5869) of a pinned pepper version (<see cref="RampartLoggingOptions.ClientAddressKeyPepperVersion"/>,
/// by default the lowest configured one) with the info label <c>rampart/audit/client-address/v1</c>: a key
/// for this use only, not the pepper itself, derived once at start and unchanged by pepper rotation.
/// </remarks>
internal sealed class ClientAddressPseudonymizer
{
    public const string HkdfInfo = "rampart/audit/client-address/v1";

    // Clients repeat: remembering recent pseudonyms saves an HMAC and a string per request.
    private const int MaxRemembered = 4096;

    private readonly byte[] _key;
    private readonly ConcurrentDictionary<(UInt128 Address, bool IsV4), string> _recent = new();

    public const string EvictionsName = "rampart.client_pseudonyms.evictions";

    private long _evicted;

    public ClientAddressPseudonymizer(IOptions<RampartOptions> options, IMeterFactory? meterFactory = null)
        : this(DeriveKey(options.Value))
    {
        meterFactory?.Create(RampartMetrics.MeterName).CreateObservableCounter(
            EvictionsName, () => Evicted, "{entry}", "Remembered client pseudonyms forgotten because the memory was full (each costs one HMAC later).");
    }

    /// <summary>Remembered pseudonyms forgotten by the bound since start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    internal ClientAddressPseudonymizer(byte[] key) => _key = key;

    public string? Pseudonymize(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return null;
        }

        var remembered = (written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes), written == 4);
        if (_recent.TryGetValue(remembered, out var known))
        {
            return known;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, bytes[..written], mac);
        var pseudonym = "c_" + Convert.ToHexStringLower(mac[..16]);
        if (_recent.Count >= MaxRemembered)
        {
            Interlocked.Add(ref _evicted, _recent.Count);
            _recent.Clear();
        }

        _recent[remembered] = pseudonym;
        return pseudonym;
    }

    internal static byte[] DeriveKey(RampartOptions options)
    {
        var configured = options.Logging.ClientAddressKey;
        if (!string.IsNullOrWhiteSpace(configured) && RampartOptionsValidator.TryDecodePepper(configured, out var explicitKey))
        {
            return explicitKey;
        }

        return DerivePepperKey(options, options.Logging.ClientAddressKeyPepperVersion, HkdfInfo);
    }

    /// <summary>
    /// A 256-bit key for one use (<paramref name="info"/>), HKDF-SHA256 of the pepper of <paramref name="pinnedVersion"/>,
    /// by default the lowest configured version.
    /// </summary>
    internal static byte[] DerivePepperKey(RampartOptions options, int? pinnedVersion, string info)
    {
        var peppers = options.Keys.Peppers;
        if (peppers.Count > 0)
        {
            // Pinned rather than the current version: a new pepper must not start new pseudonyms.
            var version = pinnedVersion ?? peppers.Keys.Min();
            if (peppers.TryGetValue(version, out var pepper) && RampartOptionsValidator.TryDecodePepper(pepper, out var ikm))
            {
                return HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt: [], info: Encoding.ASCII.GetBytes(info));
            }
        }

        // Misconfigured (start-up validation reports it): a per-process random key still hides the values.
        return RandomNumberGenerator.GetBytes(32);
    }
}
