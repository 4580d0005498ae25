using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging;
using Rampart.AspNetCore.Secrets;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Transport;

namespace Rampart.AspNetCore;

/// <summary>
/// Everything Rampart can be told, bound from the <c>Rampart</c> configuration section and then
/// from the delegate passed to <c>AddRampart</c>. Every default is the secure choice.
/// </summary>
public sealed class RampartOptions
{
    /// <summary>The configuration section Rampart binds.</summary>
    public const string SectionName = "Rampart";

    /// <summary>How keys are issued and hashed (<c>Rampart:Keys</c>).</summary>
    public ApiKeyOptions Keys { get; } = new();

    /// <summary>How callers present keys and how failures are answered (<c>Rampart:Authentication</c>).</summary>
    public ApiKeyAuthenticationOptions Authentication { get; } = new();

    /// <summary>
    /// Named roles (<c>Rampart:Roles</c>): role name to the scopes it bundles, e.g.
    /// <c>Rampart:Roles:buyer = ["orders:read", "catalog:read"]</c>. Reloadable: keys carrying a role
    /// act with its current scopes from their next cache refresh.
    /// </summary>
    public IDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Organisation administrators and operators (<c>Rampart:Management</c>).</summary>
    public Rampart.AspNetCore.Management.ManagementOptions Management { get; } = new();

    /// <summary>Where key records are kept (<c>Rampart:Store</c>); an embedded SQLite file by default.</summary>
    public ApiKeyStoreOptions Store { get; } = new();

    /// <summary>Rate limits and quotas per key and organisation (<c>Rampart:RateLimits</c>); reloadable.</summary>
    public Rampart.AspNetCore.RateLimiting.RateLimitOptions RateLimits { get; } = new();

    /// <summary>Audit records, body logging, masking, the audit store and the admin log (<c>Rampart:Logging</c>).</summary>
    public RampartLoggingOptions Logging { get; } = new();

    /// <summary>HTTPS-only transport, exposed-key revocation, proxies and response headers (<c>Rampart:Transport</c>).</summary>
    public TransportOptions Transport { get; } = new();

    /// <summary>Problem bodies for Rampart's refusals and the framework's errors (<c>Rampart:Problems</c>).</summary>
    public Rampart.AspNetCore.Problems.RampartProblemOptions Problems { get; } = new();

    /// <summary>Leaked-key reports from secret scanners and anomaly alerts (<c>Rampart:Incidents</c>).</summary>
    public Rampart.AspNetCore.Incidents.IncidentOptions Incidents { get; } = new();

    /// <summary>The master-key ring that protects stored third-party secrets (<c>Rampart:Secrets</c>).</summary>
    public SecretProtectionOptions Secrets { get; } = new();
}
