using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>Counting keys per hash scheme and pepper version for stores that cannot group in a query.</summary>
internal static class ApiKeyHashCounting
{
    /// <summary>Walks every page of <paramref name="store"/>, ordered by scheme then pepper version.</summary>
    public static async Task<IReadOnlyList<ApiKeyHashCount>> CountByPagingAsync(IApiKeyStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(int Hash, int Pepper), (long Keys, long Usable)>();
        string? after = null;
        do
        {
            var page = await store.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize, ContinuationToken = after }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                var group = (record.HashVersion, record.PepperVersion);
                var (keys, usable) = counts.GetValueOrDefault(group);
                counts[group] = (keys + 1, usable + (IsUsable(record, now) ? 1 : 0));
            }

            after = page.ContinuationToken;
        }
        while (after is not null);

        return Sorted(counts.Select(pair => new ApiKeyHashCount(pair.Key.Hash, pair.Key.Pepper, pair.Value.Keys, pair.Value.Usable)));
    }

    /// <summary>Neither revoked nor expired: a key that can still verify, so its pepper is still needed.</summary>
    public static bool IsUsable(ApiKeyRecord record, DateTimeOffset now)
        => record.RevokedAt is null && (record.ExpiresAt is not { } expires || expires > now);

    public static IReadOnlyList<ApiKeyHashCount> Sorted(IEnumerable<ApiKeyHashCount> counts)
        => [.. counts.OrderBy(count => count.HashVersion).ThenBy(count => count.PepperVersion)];
}
