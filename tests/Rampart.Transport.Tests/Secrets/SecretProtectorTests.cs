using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Secrets;

namespace Rampart.Transport.Tests.Secrets;

public class SecretProtectorTests
{
    private static readonly SecretContext Acme = new("org-acme", "webhook-signing", "row-1");

    internal static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal static AesGcmSecretProtector Create(params (int Version, string Key)[] keys) => Create(null, keys);

    internal static AesGcmSecretProtector Create(int? current, params (int Version, string Key)[] keys)
    {
        var options = new SecretProtectionOptions { CurrentKeyVersion = current };
        foreach (var (version, key) in keys)
        {
            options.MasterKeys[version] = key;
        }

        var failures = new List<string>();
        var ring = SecretKeyRing.TryLoad(options, failures);
        Assert.Empty(failures);
        return new AesGcmSecretProtector(ring!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("sk_live_51H8abcdefghijklmnopqrstuvwxyz")]
    [InlineData("ünïcødé ✓ 🔑")]
    public void Round_trips_text_under_its_context(string plaintext)
    {
        var protector = Create((1, NewMasterKey()));

        var envelope = protector.Protect(plaintext, Acme);

        Assert.Equal(plaintext, protector.Unprotect(envelope, Acme));
        if (plaintext.Length > 8)
        {
            // Long enough that base64url of random bytes cannot spell it by chance.
            Assert.DoesNotContain(plaintext, envelope, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Utf8(plaintext)).TrimEnd('=')[..8], envelope, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Round_trips_large_binary_payloads()
    {
        var protector = Create((1, NewMasterKey()));
        var plaintext = RandomNumberGenerator.GetBytes(100_000);
        var aad = "tenant|purpose"u8.ToArray();

        Assert.Equal(plaintext, protector.Unprotect(protector.Protect(plaintext, aad), aad));
    }

    [Fact]
    public void The_envelope_has_the_documented_layout_and_a_fresh_nonce_each_time()
    {
        var protector = Create(7, (3, NewMasterKey()), (7, NewMasterKey()));
        var plaintext = "same secret"u8.ToArray();

        var first = protector.Protect(plaintext, Acme.ToAssociatedData());
        var second = protector.Protect(plaintext, Acme.ToAssociatedData());

        Assert.Equal(45 + plaintext.Length, first.Length);
        Assert.Equal(1, first[0]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(1)));
        Assert.Equal((uint)plaintext.Length, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(5)));
        Assert.Equal(first.AsSpan(9, 8).ToArray(), second.AsSpan(9, 8).ToArray()); // same context, same fingerprint
        Assert.NotEqual(first.AsSpan(17, 12).ToArray(), second.AsSpan(17, 12).ToArray()); // random nonce
        Assert.NotEqual(first.AsSpan(45).ToArray(), second.AsSpan(45).ToArray());
        Assert.Equal(7, protector.GetKeyVersion(first));
        Assert.Equal(7, protector.CurrentKeyVersion);
    }

    public static TheoryData<SecretContext> OtherContexts() => new()
    {
        new SecretContext("org-other", "webhook-signing", "row-1"),
        new SecretContext("org-acme", "payment-provider", "row-1"),
        new SecretContext("org-acme", "webhook-signing", "row-2"),
        new SecretContext("org-acme", "webhook-signing"),
        new SecretContext("org-acme", "webhook-signing", string.Empty),
        new SecretContext("org-acmewebhook-signing", string.Empty, "row-1"),
        new SecretContext("org-ACME", "webhook-signing", "row-1"),
    };

    [Theory]
    [MemberData(nameof(OtherContexts))]
    public void A_ciphertext_moved_to_another_row_tenant_or_purpose_fails_with_wrong_associated_data(SecretContext other)
    {
        var protector = Create((1, NewMasterKey()));
        var envelope = protector.Protect("secret", Acme);

        var exception = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(envelope, other));

        Assert.Equal(SecretProtectionError.WrongAssociatedData, exception.Error);
    }

    [Fact]
    public void Every_single_bit_flip_after_the_header_is_reported_as_tampering()
    {
        var protector = Create((1, NewMasterKey()));
        var aad = Acme.ToAssociatedData();
        var envelope = protector.Protect("a third-party secret"u8, aad);

        // Nonce, tag and ciphertext.
        for (var index = 17; index < envelope.Length; index++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var altered = (byte[])envelope.Clone();
                altered[index] ^= (byte)(1 << bit);
                var exception = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(altered, aad));
                Assert.Equal(SecretProtectionError.Tampered, exception.Error);
            }
        }
    }

    [Fact]
    public void Altered_header_fields_each_fail_distinctly()
    {
        var protector = Create((1, NewMasterKey()));
        var aad = Acme.ToAssociatedData();
        var envelope = protector.Protect("secret"u8, aad);

        Assert.Equal(SecretProtectionError.UnknownFormatVersion, Open(protector, With(envelope, 0, 2), aad));
        Assert.Equal(SecretProtectionError.UnknownKeyVersion, Open(protector, With(envelope, 4, 9), aad));
        Assert.Equal(SecretProtectionError.UnknownKeyVersion, Open(protector, With(envelope, 1, 0x80), aad));
        Assert.Equal(SecretProtectionError.Truncated, Open(protector, With(envelope, 8, 7), aad));
        Assert.Equal(SecretProtectionError.Tampered, Open(protector, With(envelope, 8, 5), aad));
        Assert.Equal(SecretProtectionError.WrongAssociatedData, Open(protector, With(envelope, 9, (byte)(envelope[9] ^ 1)), aad));
        Assert.Equal(SecretProtectionError.Tampered, Open(protector, [.. envelope, 0], aad));
    }

    [Fact]
    public void Every_truncation_is_reported_as_truncated_and_never_yields_plaintext()
    {
        var protector = Create((1, NewMasterKey()));
        var aad = Acme.ToAssociatedData();
        var envelope = protector.Protect("a third-party secret"u8, aad);

        for (var length = 0; length < envelope.Length; length++)
        {
            var cut = envelope.AsSpan(0, length).ToArray();
            Assert.Equal(SecretProtectionError.Truncated, Open(protector, cut, aad));
        }
    }

    [Fact]
    public void An_envelope_under_a_key_version_no_longer_configured_fails_with_unknown_key_version()
    {
        var old = Create((1, NewMasterKey()));
        var envelope = old.Protect("secret", Acme);
        var rotated = Create((2, NewMasterKey()));

        var exception = Assert.Throws<SecretProtectionException>(() => rotated.Unprotect(envelope, Acme));

        Assert.Equal(SecretProtectionError.UnknownKeyVersion, exception.Error);
    }

    [Fact]
    public void Another_master_key_under_the_same_version_cannot_open_the_envelope()
    {
        var envelope = Create((1, NewMasterKey())).Protect("secret", Acme);

        var exception = Assert.Throws<SecretProtectionException>(() => Create((1, NewMasterKey())).Unprotect(envelope, Acme));

        // The fingerprint key is derived from the master key, so the mismatch shows there first.
        Assert.Equal(SecretProtectionError.WrongAssociatedData, exception.Error);
    }

    [Theory]
    [InlineData("not base64url!", SecretProtectionError.Malformed)]
    [InlineData("", SecretProtectionError.Truncated)]
    [InlineData("AQ", SecretProtectionError.Truncated)]
    [InlineData("Ag", SecretProtectionError.UnknownFormatVersion)]
    public void Text_that_is_not_an_envelope_fails_clearly(string text, SecretProtectionError error)
    {
        var protector = Create((1, NewMasterKey()));

        var exception = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(text, Acme));

        Assert.Equal(error, exception.Error);
    }

    [Fact]
    public void Error_messages_hold_neither_key_nor_plaintext()
    {
        var key = NewMasterKey();
        var protector = Create((1, key));
        var envelope = protector.Protect("hunter2-plaintext", Acme);
        envelope = envelope[..^1] + (envelope[^1] == 'A' ? 'B' : 'A');

        var exception = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(envelope, Acme));

        Assert.DoesNotContain("hunter2", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Associated_data_encoding_is_unambiguous()
    {
        Assert.NotEqual(new SecretContext("ab", "c").ToAssociatedData(), new SecretContext("a", "bc").ToAssociatedData());
        Assert.NotEqual(new SecretContext("a", "b", null).ToAssociatedData(), new SecretContext("a", "b", string.Empty).ToAssociatedData());
        Assert.Equal(new SecretContext("a", "b", "c").ToAssociatedData(), new SecretContext("a", "b", "c").ToAssociatedData());
    }

    private static SecretProtectionError? Open(ISecretProtector protector, byte[] envelope, byte[] aad)
    {
        try
        {
            protector.Unprotect(envelope, aad);
            return null;
        }
        catch (SecretProtectionException exception)
        {
            return exception.Error;
        }
    }

    private static byte[] With(byte[] envelope, int index, byte value)
    {
        var copy = (byte[])envelope.Clone();
        copy[index] = value;
        return copy;
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
