namespace Rampart.AspNetCore.Keys;

/// <summary>
/// What is stored about a key: its public id and metadata, a per-key salt and the keyed hash of its
/// secret. Never the secret itself.
/// </summary>
public sealed record ApiKeyRecord
{
    /// <summary>The public key id, as it appears in the key and in logs.</summary>
    public required string Id { get; init; }

    /// <summary>The prefix the key was issued under.</summary>
    public required string Prefix { get; init; }

    /// <summary>A human name for the key, shown in logs and audit records instead of its value.</summary>
    public required string Name { get; init; }

    /// <summary>Who the key was issued to (a user or service id).</summary>
    public required string Owner { get; init; }

    /// <summary>The organisation (tenant) the key belongs to.</summary>
    public required string Organization { get; init; }

    /// <summary>Live or test.</summary>
    public required ApiKeyEnvironment Environment { get; init; }

    /// <summary>Granted scopes (<c>resource:action</c>, <c>*</c> wildcards allowed).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>
    /// Named roles (<c>Rampart:Roles</c>), each a bundle of scopes the key also holds. They are expanded
    /// when the key is verified, so a changed role applies on the next cache refresh.
    /// </summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>
    /// The scopes the key acts with: <see cref="Scopes"/> and those of its <see cref="Roles"/>, as expanded
    /// when the record was verified and cached. Never stored; <see langword="null"/> on a record not read for verification.
    /// </summary>
    internal IReadOnlyList<string>? EffectiveScopes { get; init; }

    /// <summary>The rate-limit tier; <see langword="null"/> means the default tier.</summary>
    public string? Tier { get; init; }

    /// <summary>When the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key stops working; <see langword="null"/> for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the key was revoked; <see langword="null"/> while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When the key was last used, recorded in batches (approximate by design).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The id of the key that replaced this one by rotation, if any.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>The random per-key salt.</summary>
    public required byte[] Salt { get; init; }

    /// <summary>The keyed hash of the secret, computed under <see cref="HashVersion"/>'s scheme (see <c>docs/key-format.md</c>).</summary>
    public required byte[] Hash { get; init; }

    /// <summary>
    /// The hashing scheme of <see cref="Hash"/>: 1 for <c>HMAC(pepper, salt ‖ secret)</c> (records written
    /// before scheme 2, re-hashed when they next verify), 2 for the scheme bound to the key's prefix,
    /// environment and id. Records that do not say are scheme 1.
    /// </summary>
    public int HashVersion { get; init; } = 1;

    /// <summary>The version of the pepper <see cref="Hash"/> was computed under.</summary>
    public required int PepperVersion { get; init; }

    /// <summary>A row version for optimistic concurrency; stores increment it on every update.</summary>
    public long Version { get; init; } = 1;

    /// <summary>The key as it may be displayed: prefix, environment and id, never the secret.</summary>
    public string DisplayName => $"{Prefix}_{ApiKeyParser.EnvironmentText(Environment)}_{Id}…";

    /// <summary>The state of the key at <paramref name="now"/>.</summary>
    public ApiKeyState GetState(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return ApiKeyState.Revoked;
        }

        if (ExpiresAt is { } expires && expires <= now)
        {
            return ReplacedBy is null ? ApiKeyState.Expired : ApiKeyState.Rotated;
        }

        return ReplacedBy is null ? ApiKeyState.Active : ApiKeyState.InGracePeriod;
    }

    /// <summary>Names the key without any of its hashed material.</summary>
    public override string ToString() => $"ApiKeyRecord {{ Id = {Id}, Name = {Name}, Organization = {Organization}, Environment = {Environment} }}";
}
