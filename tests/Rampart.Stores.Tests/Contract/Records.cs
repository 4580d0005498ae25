using Rampart.AspNetCore.Keys;

namespace Rampart.Stores.Tests.Contract;

/// <summary>Test records and a field-by-field comparison (records hold arrays, which compare by reference).</summary>
internal static class Records
{
    // Sub-second part at microsecond precision, which every store keeps exactly.
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    private static int s_counter;

    public static ApiKeyRecord New(
        string? id = null,
        string organization = "org-1",
        ApiKeyEnvironment environment = ApiKeyEnvironment.Live,
        DateTimeOffset? revokedAt = null,
        DateTimeOffset? expiresAt = null,
        int hashVersion = 2,
        int pepperVersion = 1)
    {
        var n = Interlocked.Increment(ref s_counter);
        return new ApiKeyRecord
        {
            Id = id ?? ApiKeyGenerator.NewKeyId(),
            Prefix = "acme",
            Name = $"key {n}",
            Owner = "user-1",
            Organization = organization,
            Environment = environment,
            Scopes = ["orders:read", "orders:*"],
            Tier = n % 2 == 0 ? "gold" : null,
            CreatedAt = Now,
            ExpiresAt = expiresAt,
            RevokedAt = revokedAt,
            Salt = ApiKeyGenerator.NewSalt(),
            Hash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            HashVersion = hashVersion,
            PepperVersion = pepperVersion,
        };
    }

    public static void AssertSame(ApiKeyRecord expected, ApiKeyRecord? actual, long? version = null)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Prefix, actual.Prefix);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.Organization, actual.Organization);
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.Scopes, actual.Scopes);
        Assert.Equal(expected.Roles, actual.Roles);
        Assert.Equal(expected.Tier, actual.Tier);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.RevokedAt, actual.RevokedAt);
        Assert.Equal(expected.LastUsedAt, actual.LastUsedAt);
        Assert.Equal(expected.ReplacedBy, actual.ReplacedBy);
        Assert.Equal(expected.Salt, actual.Salt);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.PepperVersion, actual.PepperVersion);
        Assert.Equal(expected.HashVersion, actual.HashVersion);
        Assert.Equal(version ?? expected.Version, actual.Version);
    }
}
