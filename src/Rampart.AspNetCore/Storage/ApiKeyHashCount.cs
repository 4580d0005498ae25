namespace Rampart.AspNetCore.Storage;

/// <summary>
/// How many keys are hashed under one scheme and pepper version. A pepper version can be removed once
/// no usable key needs it (see <c>docs/admin.md</c>).
/// </summary>
/// <param name="HashVersion">The hashing scheme (1: salt and secret only; 2: bound to prefix, environment and id).</param>
/// <param name="PepperVersion">The pepper version.</param>
/// <param name="Keys">Every record, revoked and expired ones included.</param>
/// <param name="UsableKeys">Records that are neither revoked nor expired: the ones that still need this pepper.</param>
public sealed record ApiKeyHashCount(int HashVersion, int PepperVersion, long Keys, long UsableKeys);
