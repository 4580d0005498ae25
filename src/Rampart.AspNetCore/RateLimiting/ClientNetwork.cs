using System.Buffers.Binary;
using System.Net;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// The network a client address counts in: an IPv4 address alone, an IPv6 address by its /64 (one
/// subscriber usually holds a whole /64, so counting single IPv6 addresses would limit nothing).
/// </summary>
internal readonly record struct ClientNetwork(UInt128 Bits, bool IsV4)
{
    /// <summary>Requests without an address (in-process test servers, some proxies) share one counter.</summary>
    public static readonly ClientNetwork Unknown = new(UInt128.MaxValue, IsV4: false);

    public static ClientNetwork Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return Unknown;
        }

        return written == 4
            ? new ClientNetwork(BinaryPrimitives.ReadUInt32BigEndian(bytes), IsV4: true)
            : new ClientNetwork(BinaryPrimitives.ReadUInt128BigEndian(bytes) & ~(UInt128)ulong.MaxValue, IsV4: false);
    }

    /// <summary>The network as an address (an IPv6 /64 with its interface bits zero), for pseudonymising.</summary>
    public IPAddress? ToAddress()
    {
        if (this == Unknown)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (IsV4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            return new IPAddress(bytes[..4]);
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
        return new IPAddress(bytes);
    }
}
