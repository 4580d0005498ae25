using System.Security.Cryptography;
using System.Text;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Tests.Keys;

public class ApiKeyHasherTests
{
    private static readonly byte[] Pepper1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Pepper2 = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void The_hash_is_hmac_sha256_of_salt_then_secret_under_the_pepper()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1 }, 1);
        var salt = ApiKeyGenerator.NewSalt();
        const string secret = "abcDEF0123456789abcDEF0123456789abcDEF01234";

        var hash = hasher.Hash(salt, secret);

        byte[] message = [.. salt, .. Encoding.ASCII.GetBytes(secret)];
        var expected = HMACSHA256.HashData(Pepper1, message);
        Assert.Equal(expected, hash);
        Assert.True(hasher.Verify(1, salt, secret, hash));
    }

    [Fact]
    public void A_different_secret_salt_or_pepper_does_not_verify()
    {
        var hasher = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);
        var salt = ApiKeyGenerator.NewSalt();
        const string secret = "abcDEF0123456789abcDEF0123456789abcDEF01234";
        var hash = hasher.Hash(salt, secret);

        Assert.True(hasher.Verify(2, salt, secret, hash));
        Assert.False(hasher.Verify(2, salt, "abcDEF0123456789abcDEF0123456789abcDEF01235", hash));
        Assert.False(hasher.Verify(2, ApiKeyGenerator.NewSalt(), secret, hash));
        Assert.False(hasher.Verify(1, salt, secret, hash));
        Assert.False(hasher.Verify(3, salt, secret, hash));
        Assert.False(hasher.Verify(2, salt, "non-ascii-\u00e9", hash));
    }

    [Fact]
    public void Keys_hashed_under_an_old_pepper_keep_verifying_after_rotation()
    {
        var before = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1 }, 1);
        var salt = ApiKeyGenerator.NewSalt();
        const string secret = "abcDEF0123456789abcDEF0123456789abcDEF01234";
        var oldHash = before.Hash(salt, secret);

        var after = new ApiKeyHasher(new Dictionary<int, byte[]> { [1] = Pepper1, [2] = Pepper2 }, 2);

        Assert.True(after.Verify(1, salt, secret, oldHash));
        Assert.Equal(2, after.CurrentVersion);
        Assert.NotEqual(oldHash, after.Hash(salt, secret));
    }
}
