using System.IO.Hashing;
using System.Security.Cryptography;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Compares property names by their UTF-8 bytes, so a name read from a JSON body is looked up
/// without being transcoded. Hashes with XXH3 under a random per-process seed, so names an
/// attacker chooses cannot be made to collide.
/// </summary>
internal sealed class Utf8NameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    public static Utf8NameComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)XxHash3.HashToUInt64(alternate, Seed);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
