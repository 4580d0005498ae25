using System.Security.Cryptography;
using System.Text;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Tests.Keys;

public class ApiKeyHasherTests
{
    private const string Secret = "abcDEF0123456789abcDEF0123456789abcDEF01234";
    private static readonly byte[] Pepper1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Pepper2 = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Scheme_2_is_hmac_under_an_hkdf_key_of_length_prefixed_salt_prefix_environment_and_id_then_the_secret()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1 }, 1);
        var salt = ApiKeyGenerator.NewSalt();

        var hash = hasher.Hash("acme", ApiKeyEnvironment.Live, "K3yId0000001", salt, Secret);

        // Built independently of the hasher, from the documented definition.
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Pepper1, 32, [], "rampart/key-hash/v2"u8.ToArray());
        byte[] message =
        [
            16, .. salt,
            4, .. "acme"u8,
            4, .. "live"u8,
            12, .. "K3yId0000001"u8,
            .. Encoding.ASCII.GetBytes(Secret),
        ];
        Assert.Equal(HMACSHA256.HashData(key, message), hash);
        Assert.Equal(ApiKeyHashVerdict.Match, hasher.Verify(Record("K3yId0000001", salt, hash, hashVersion: 2, pepperVersion: 1), Secret));
    }

    [Fact]
    public void A_scheme_2_hash_verifies_only_for_its_own_prefix_environment_id_salt_secret_and_pepper()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);
        var salt = ApiKeyGenerator.NewSalt();
        var record = Record("K3yId0000001", salt, hasher.Hash("acme", ApiKeyEnvironment.Live, "K3yId0000001", salt, Secret), hashVersion: 2, pepperVersion: 2);

        Assert.Equal(ApiKeyHashVerdict.Match, hasher.Verify(record, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record, "abcDEF0123456789abcDEF0123456789abcDEF01235"));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { Prefix = "acmf" }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { Environment = ApiKeyEnvironment.Test }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { Id = "K3yId0000002" }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { Salt = ApiKeyGenerator.NewSalt() }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { PepperVersion = 1 }, Secret));
        Assert.Equal(ApiKeyHashVerdict.PepperMissing, hasher.Verify(record with { PepperVersion = 3 }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { HashVersion = 1 }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { HashVersion = 9 }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record with { Hash = record.Hash[..16] }, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record, "non-ascii-\u00e9"));
    }

    [Fact]
    public void Scheme_1_records_keep_verifying_as_hmac_of_salt_then_secret_under_the_raw_pepper()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);
        var salt = ApiKeyGenerator.NewSalt();
        byte[] legacyMessage = [.. salt, .. Encoding.ASCII.GetBytes(Secret)];
        var legacy = HMACSHA256.HashData(Pepper1, legacyMessage);
        var record = Record("K3yId0000001", salt, legacy, hashVersion: 1, pepperVersion: 1);

        Assert.Equal(legacy, hasher.HashLegacy(1, salt, Secret));
        Assert.Equal(ApiKeyHashVerdict.Match, hasher.Verify(record, Secret));
        Assert.Equal(ApiKeyHashVerdict.Mismatch, hasher.Verify(record, "abcDEF0123456789abcDEF0123456789abcDEF01235"));
        Assert.True(hasher.NeedsRehash(record));
    }

    [Fact]
    public void Only_older_schemes_and_older_peppers_need_a_rehash()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);
        var record = Record("K3yId0000001", ApiKeyGenerator.NewSalt(), new byte[32], hashVersion: 2, pepperVersion: 2);

        Assert.False(hasher.NeedsRehash(record));
        Assert.True(hasher.NeedsRehash(record with { PepperVersion = 1 }));
        Assert.True(hasher.NeedsRehash(record with { HashVersion = 1 }));

        // An instance still on pepper 2 while another already moved to 3 must not move keys back.
        Assert.False(hasher.NeedsRehash(record with { PepperVersion = 3 }));
    }

    [Fact]
    public void Keys_hashed_under_an_old_pepper_keep_verifying_after_rotation()
    {
        var before = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1 }, 1);
        var salt = ApiKeyGenerator.NewSalt();
        var record = Record("K3yId0000001", salt, before.Hash("acme", ApiKeyEnvironment.Live, "K3yId0000001", salt, Secret), hashVersion: 2, pepperVersion: 1);

        var after = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);

        Assert.Equal(ApiKeyHashVerdict.Match, after.Verify(record, Secret));
        Assert.Equal(2, after.CurrentVersion);
        Assert.NotEqual(record.Hash, after.Hash("acme", ApiKeyEnvironment.Live, "K3yId0000001", salt, Secret));
    }

    private static ApiKeyRecord Record(string id, byte[] salt, byte[] hash, int hashVersion, int pepperVersion)
        => TestKeys.Record(id, salt, hash, hashVersion, pepperVersion);
}
