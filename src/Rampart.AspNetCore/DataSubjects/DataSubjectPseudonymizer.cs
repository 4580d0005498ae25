using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.DataSubjects;

/// <summary>
/// Stable pseudonyms for personal fields: <c>psn_</c> and <c>HMAC-SHA256(k, field ‖ 0 ‖ value)</c> cut to
/// 128 bits, so one person's records stay linkable to each other without saying who it is, and a
/// pseudonym cannot be reversed by hashing guesses without <c>k</c>. The field is part of the input,
/// so the same text as an owner and as a key name gives unrelated pseudonyms.
/// </summary>
/// <remarks>
/// <c>k</c> is HKDF-SHA256 (RFC 5869) of the pinned pepper version (the lowest configured, as for
/// client addresses) with the info label <c>rampart/data-subjects/pseudonym/v1</c>: derived once,
/// for this use only, and unchanged by pepper rotation.
/// </remarks>
internal sealed class DataSubjectPseudonymizer
{
    public const string HkdfInfo = "rampart/data-subjects/pseudonym/v1";

    /// <summary>What every pseudonym starts with; a value that already does is left as it is.</summary>
    public const string Prefix = "psn_";

    private readonly byte[] _key;

    public DataSubjectPseudonymizer(IOptions<RampartOptions> options)
        : this(ClientAddressPseudonymizer.DerivePepperKey(options.Value, options.Value.Logging.ClientAddressKeyPepperVersion, HkdfInfo))
    {
    }

    internal DataSubjectPseudonymizer(byte[] key) => _key = key;

    public static bool IsPseudonym(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The pseudonym of <paramref name="value"/> as a <paramref name="field"/> (<c>owner</c>, <c>organization</c>, <c>key_name</c>).</summary>
    public string Pseudonymize(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsPseudonym(value))
        {
            return value;
        }

        var input = Encoding.UTF8.GetBytes(field + "\0" + value);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        return Prefix + Convert.ToHexStringLower(mac[..16]);
    }
}
