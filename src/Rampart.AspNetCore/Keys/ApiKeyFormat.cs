// This file is compiled into both the runtime (Rampart.AspNetCore) and the analyzers
// (Rampart.Analyzers, netstandard2.0), so the two always agree on what a Rampart key is.
// Keep it free of APIs that netstandard2.0 + System.Memory lack.
using System;

namespace Rampart.AspNetCore.Keys;

/// <summary>The structural verdict on a candidate key, before any configuration is applied.</summary>
internal enum ApiKeyFormatError
{
    None = 0,
    Empty,
    TooLong,
    Malformed,
    ChecksumMismatch,
}

/// <summary>
/// The grammar of a Rampart key (see <c>docs/key-format.md</c>):
/// <c>prefix "_" env "_" key-id secret checksum</c>, where <c>prefix</c> is 2–12 lower-case
/// letters or digits starting with a letter, <c>env</c> is <c>live</c> or <c>test</c>,
/// <c>key-id</c> is 12 and <c>secret</c> 43 base62 characters, and <c>checksum</c> is the CRC-32
/// (IEEE 802.3) of every character before it, written as 6 base62 digits, most significant first.
/// </summary>
internal static class ApiKeyFormat
{
    /// <summary>Digits, then upper case, then lower case: the order GitHub's tokens use.</summary>
    public const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public const int MinPrefixLength = 2;
    public const int MaxPrefixLength = 12;
    public const int EnvironmentLength = 4;
    public const int KeyIdLength = 12;      // 62^12 ≈ 2^71.4
    public const int SecretLength = 43;     // 62^43 ≈ 2^256.0
    public const int ChecksumLength = 6;    // 62^6 > 2^32
    public const int BodyLength = KeyIdLength + SecretLength;

    /// <summary>Characters after the prefix: "_" env "_" body checksum.</summary>
    public const int SuffixLength = 1 + EnvironmentLength + 1 + BodyLength + ChecksumLength;

    public const int MinLength = MinPrefixLength + SuffixLength;

#if NET
    private static readonly System.Buffers.SearchValues<char> Base62Characters = System.Buffers.SearchValues.Create(Base62Alphabet);
#endif
    public const int MaxLength = MaxPrefixLength + SuffixLength;

    public const string LiveEnvironment = "live";
    public const string TestEnvironment = "test";

    /// <summary>
    /// Checks <paramref name="candidate"/> against the grammar and its checksum. Never throws,
    /// and looks at no more than <see cref="MaxLength"/> characters.
    /// </summary>
    /// <param name="candidate">Untrusted text.</param>
    /// <param name="prefixLength">The length of the prefix when the grammar matched.</param>
    public static ApiKeyFormatError Check(ReadOnlySpan<char> candidate, out int prefixLength)
    {
        prefixLength = 0;
        if (candidate.IsEmpty)
        {
            return ApiKeyFormatError.Empty;
        }

        // Length first: bounded work for any input.
        if (candidate.Length > MaxLength)
        {
            return ApiKeyFormatError.TooLong;
        }

        if (candidate.Length < MinLength)
        {
            return ApiKeyFormatError.Malformed;
        }

        var prefix = candidate.Length - SuffixLength;
        if (candidate[prefix] != '_' || !IsLowerLetter(candidate[0]))
        {
            return ApiKeyFormatError.Malformed;
        }

        for (var i = 1; i < prefix; i++)
        {
            var c = candidate[i];
            if (!IsLowerLetter(c) && !(c >= '0' && c <= '9'))
            {
                return ApiKeyFormatError.Malformed;
            }
        }

        var environment = candidate.Slice(prefix + 1, EnvironmentLength);
        if (!environment.SequenceEqual(LiveEnvironment.AsSpan()) && !environment.SequenceEqual(TestEnvironment.AsSpan()))
        {
            return ApiKeyFormatError.Malformed;
        }

        if (candidate[prefix + 1 + EnvironmentLength] != '_')
        {
            return ApiKeyFormatError.Malformed;
        }

        var body = candidate.Slice(prefix + 2 + EnvironmentLength);
#if NET
        // Vectorised on the runtime; the analyzers (netstandard2.0) use the table below.
        if (body.ContainsAnyExcept(Base62Characters))
        {
            return ApiKeyFormatError.Malformed;
        }
#else
        var values = Base62Table.Value;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c >= 128 || values[c] < 0)
            {
                return ApiKeyFormatError.Malformed;
            }
        }
#endif

        var checksumStart = candidate.Length - ChecksumLength;
        if (!TryDecodeChecksum(candidate.Slice(checksumStart), out var expected)
            || Crc32(candidate.Slice(0, checksumStart)) != expected)
        {
            return ApiKeyFormatError.ChecksumMismatch;
        }

        prefixLength = prefix;
        return ApiKeyFormatError.None;
    }

    /// <summary>True when <paramref name="prefix"/> may be used as a key prefix.</summary>
    public static bool IsValidPrefix(string? prefix)
    {
        if (prefix is null || prefix.Length < MinPrefixLength || prefix.Length > MaxPrefixLength || !IsLowerLetter(prefix[0]))
        {
            return false;
        }

        foreach (var c in prefix)
        {
            if (!IsLowerLetter(c) && !(c >= '0' && c <= '9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the 6-character checksum of <paramref name="keyWithoutChecksum"/>.</summary>
    public static void WriteChecksum(ReadOnlySpan<char> keyWithoutChecksum, Span<char> destination)
    {
        var value = Crc32(keyWithoutChecksum);
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            destination[i] = Base62Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }

    /// <summary>The base62 value of <paramref name="c"/>, or -1.</summary>
    public static int Base62Value(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'A' && c <= 'Z')
        {
            return c - 'A' + 10;
        }

        if (c >= 'a' && c <= 'z')
        {
            return c - 'a' + 36;
        }

        return -1;
    }

    private static bool TryDecodeChecksum(ReadOnlySpan<char> digits, out uint value)
    {
        ulong total = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            total = (total * 62) + (ulong)Base62Value(digits[i]);
        }

        value = (uint)total;
        return total <= uint.MaxValue;
    }

    private static bool IsLowerLetter(char c) => c >= 'a' && c <= 'z';

    /// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320) of ASCII characters.</summary>
    internal static uint Crc32(ReadOnlySpan<char> ascii)
    {
#if NET
        // The runtime uses the vectorised implementation (carry-less multiply); the analyzers,
        // on netstandard2.0, the table below. Both compute the same standard CRC-32, and a test
        // checks them against each other.
        if (ascii.Length <= MaxLength)
        {
            Span<byte> bytes = stackalloc byte[MaxLength];
            var count = System.Text.Encoding.ASCII.GetBytes(ascii, bytes);
            return System.IO.Hashing.Crc32.HashToUInt32(bytes.Slice(0, count));
        }
#endif
        return Crc32Sliced(ascii);
    }

    /// <summary>CRC-32 by table lookup, slicing by 8.</summary>
    internal static uint Crc32Sliced(ReadOnlySpan<char> ascii)
    {
        var t = Crc32Table.Value;
        var crc = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= ascii.Length; i += 8)
        {
            var low = crc ^ ((uint)(byte)ascii[i] | ((uint)(byte)ascii[i + 1] << 8) | ((uint)(byte)ascii[i + 2] << 16) | ((uint)(byte)ascii[i + 3] << 24));
            var high = (uint)(byte)ascii[i + 4] | ((uint)(byte)ascii[i + 5] << 8) | ((uint)(byte)ascii[i + 6] << 16) | ((uint)(byte)ascii[i + 7] << 24);
            crc = t[(7 * 256) + (int)(low & 0xFF)]
                ^ t[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((low >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)(low >> 24)]
                ^ t[(3 * 256) + (int)(high & 0xFF)]
                ^ t[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)]
                ^ t[(int)(high >> 24)];
        }

        for (; i < ascii.Length; i++)
        {
            crc = t[(int)((crc ^ (byte)ascii[i]) & 0xFF)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static class Base62Table
    {
        public static readonly sbyte[] Value = Build();

        private static sbyte[] Build()
        {
            var table = new sbyte[128];
            for (var c = 0; c < table.Length; c++)
            {
                table[c] = (sbyte)Base62Value((char)c);
            }

            return table;
        }
    }

    private static class Crc32Table
    {
        public static readonly uint[] Value = Build();

        private static uint[] Build()
        {
            var table = new uint[256 * 8];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            for (var n = 0; n < 256; n++)
            {
                for (var slice = 1; slice < 8; slice++)
                {
                    var previous = table[((slice - 1) * 256) + n];
                    table[(slice * 256) + n] = table[(int)(previous & 0xFF)] ^ (previous >> 8);
                }
            }

            return table;
        }
    }
}
