namespace Rampart.AspNetCore.Usage;

/// <summary>How many requests of one key, in one hour (UTC), ended with one outcome: what the audit writer adds to the usage table.</summary>
/// <param name="KeyId">The key's public id.</param>
/// <param name="Organization">The key's organisation.</param>
/// <param name="Hour">The start of the hour, UTC.</param>
/// <param name="Outcome">One of <see cref="UsageOutcomes"/>.</param>
/// <param name="Count">Requests to add.</param>
public sealed record UsageCount(string KeyId, string Organization, DateTimeOffset Hour, string Outcome, long Count);
