using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// The key a management or audit request acts with, and whether it holds the operator authority.
/// Only a Rampart key can act: a request authenticated by another scheme has no organisation to be
/// confined to.
/// </summary>
internal sealed class ManagementActor
{
    private ManagementActor(RampartKey key, bool isOperator)
    {
        Key = key;
        IsOperator = isOperator;
    }

    public RampartKey Key { get; }

    /// <summary>True when the key may act across organisations.</summary>
    public bool IsOperator { get; }

    public string Organization => Key.Organization;

    /// <summary>How the actor appears in the management log and the admin log.</summary>
    public string Description => $"key {Key.Id} ({Key.Organization})";

    public static ManagementActor From(HttpContext context, ManagementOptions options)
    {
        var key = context.GetRampartKey()
            ?? throw new ApiKeyManagementException(ApiKeyManagementError.KeyRequired, "Key management and audit reads need a Rampart API key; the request was not authenticated with one.");
        return new ManagementActor(key, HoldsOperator(key.Scopes, options));
    }

    /// <summary>The operator scope written out; a wildcard covering it only when the app opted in.</summary>
    public static bool HoldsOperator(IReadOnlyList<string> scopes, ManagementOptions options)
        => scopes.Contains(options.OperatorScope, StringComparer.Ordinal)
           || (options.WildcardGrantsOperator && ScopeCoverage.Covers(scopes, options.OperatorScope));

    /// <summary>True when <paramref name="organization"/> is not the actor's own.</summary>
    public bool IsOtherOrganization(string organization) => !Key.BelongsTo(organization);

    /// <summary>True when the actor may see <paramref name="record"/>: its own organisation's, or any for an operator.</summary>
    public bool CanSee(ApiKeyRecord record) => IsOperator || Key.BelongsTo(record.Organization);
}
