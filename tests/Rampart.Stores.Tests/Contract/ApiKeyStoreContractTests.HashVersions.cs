using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Contract;

/// <summary>What every store guarantees about hash schemes: they round-trip, a re-hash is conditional, and keys are counted per scheme and pepper.</summary>
public abstract partial class ApiKeyStoreContractTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_hash_scheme_round_trips(int hashVersion)
    {
        var record = Records.New(hashVersion: hashVersion);

        await Store.CreateAsync(record);

        Records.AssertSame(record, await Store.FindAsync(record.Id), version: 1);
    }

    [Fact]
    public async Task A_rehash_replaces_the_hash_material_once_and_a_second_one_from_the_same_record_changes_nothing()
    {
        var legacy = Records.New(hashVersion: 1, pepperVersion: 1);
        await Store.CreateAsync(legacy);
        var stored = (await Store.FindAsync(legacy.Id))!;

        var first = stored with { Salt = NewBytes(16), Hash = NewBytes(32), HashVersion = 2, PepperVersion = 2 };
        var second = stored with { Salt = NewBytes(16), Hash = NewBytes(32), HashVersion = 2, PepperVersion = 2 };
        Assert.True(await Store.UpdateAsync(first));
        Assert.False(await Store.UpdateAsync(second));

        Records.AssertSame(first, await Store.FindAsync(legacy.Id), version: 2);
    }

    [Fact]
    public async Task A_rehash_made_from_a_record_read_before_a_revocation_or_rotation_changes_nothing()
    {
        var legacy = Records.New(hashVersion: 1);
        var replacement = Records.New();
        await Store.CreateAsync(legacy);
        var readBeforeRotation = (await Store.FindAsync(legacy.Id))!;

        var rotated = readBeforeRotation with { ReplacedBy = replacement.Id, ExpiresAt = Records.Now.AddHours(1) };
        Assert.True(await Store.RotateAsync(rotated, replacement));
        Assert.False(await Store.UpdateAsync(readBeforeRotation with { Salt = NewBytes(16), Hash = NewBytes(32), HashVersion = 2 }));

        var revoked = (await Store.FindAsync(legacy.Id))! with { RevokedAt = Records.Now };
        Assert.True(await Store.UpdateAsync(revoked));
        Assert.False(await Store.UpdateAsync(rotated with { Version = 2, Salt = NewBytes(16), Hash = NewBytes(32), HashVersion = 2 }));

        Records.AssertSame(revoked, await Store.FindAsync(legacy.Id), version: 3);
    }

    [Fact]
    public async Task Keys_are_counted_per_hash_scheme_and_pepper_version_with_the_usable_ones_apart()
    {
        Assert.Empty(await Store.CountByHashAsync(Records.Now));

        await Store.CreateAsync(Records.New(hashVersion: 1, pepperVersion: 1));
        await Store.CreateAsync(Records.New(hashVersion: 1, pepperVersion: 1, revokedAt: Records.Now.AddDays(-1)));
        await Store.CreateAsync(Records.New(hashVersion: 1, pepperVersion: 2, expiresAt: Records.Now));
        await Store.CreateAsync(Records.New(hashVersion: 2, pepperVersion: 1, expiresAt: Records.Now.AddTicks(10)));
        await Store.CreateAsync(Records.New(hashVersion: 2, pepperVersion: 2, organization: "org-2"));
        await Store.CreateAsync(Records.New(hashVersion: 2, pepperVersion: 2, environment: Rampart.AspNetCore.Keys.ApiKeyEnvironment.Test));

        var counts = await Store.CountByHashAsync(Records.Now);

        Assert.Equal(
            [
                new ApiKeyHashCount(1, 1, Keys: 2, UsableKeys: 1),
                new ApiKeyHashCount(1, 2, Keys: 1, UsableKeys: 0), // expired at exactly now
                new ApiKeyHashCount(2, 1, Keys: 1, UsableKeys: 1),
                new ApiKeyHashCount(2, 2, Keys: 2, UsableKeys: 2),
            ],
            counts);
    }

    private static byte[] NewBytes(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
}
