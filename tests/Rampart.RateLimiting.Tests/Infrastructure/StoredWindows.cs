using System.Globalization;
using StackExchange.Redis;

namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>Reads the Redis limiter's stored layout as a second client would: a hash field per policy holding <c>window:count</c>.</summary>
internal static class StoredWindows
{
    /// <summary>The hash of a key of an organisation, under the default prefix.</summary>
    public static string KeyHash(string organization, string keyId) => $"rampart:rl:v2:{{o:{organization}}}:k:{keyId}";

    /// <summary>The hash of an organisation, under the default prefix.</summary>
    public static string OrganizationHash(string organization) => $"rampart:rl:v2:{{o:{organization}}}:o";

    /// <summary>The window number and count stored for <paramref name="policy"/>, or null when the field is absent.</summary>
    public static async Task<(long Window, long Count)?> ReadAsync(IDatabase database, string hash, string policy)
    {
        var value = await database.HashGetAsync(hash, policy);
        if (value.IsNull)
        {
            return null;
        }

        var text = value.ToString();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        Assert.True(colon > 0, $"'{text}' is not window:count");
        return (long.Parse(text[..colon], CultureInfo.InvariantCulture), long.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>The count stored for <paramref name="policy"/> (whatever its window); the field must exist.</summary>
    public static async Task<long> CountAsync(IDatabase database, string hash, string policy)
        => (await ReadAsync(database, hash, policy) ?? throw new Xunit.Sdk.XunitException($"no field {policy} in {hash}")).Count;
}
