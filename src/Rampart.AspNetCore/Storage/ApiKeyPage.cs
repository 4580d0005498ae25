using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>One page of a key listing.</summary>
/// <param name="Items">The records, ordered by id.</param>
/// <param name="ContinuationToken">Pass it back in <see cref="ApiKeyQuery.ContinuationToken"/> for the next page; <see langword="null"/> on the last page.</param>
public sealed record ApiKeyPage(IReadOnlyList<ApiKeyRecord> Items, string? ContinuationToken);
