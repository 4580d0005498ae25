using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Logging.Scrubbing;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Logging;

/// <summary>
/// The per-request audit record, body logging, masking, the audit store and the admin log
/// (<c>Rampart:Logging</c>). Every default is the private choice: bodies off, headers only from an
/// allowlist, secret-named values and cookies never written.
/// </summary>
/// <remarks>
/// Whatever is configured here, the <c>Authorization</c> header, the configured key header, cookies
/// and any text that checksum-validates as a Rampart key are never written to any sink.
/// See <c>docs/logging.md</c>.
/// </remarks>
public sealed class RampartLoggingOptions
{
    /// <summary>Whether an audit record is written for every request. Default: on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The zero-retention switch. When on, only metadata reaches any sink (time, ids, method, route,
    /// path, status, duration, key id and name, organisation, environment, pseudonymised client): no
    /// query string, no header (not even <c>User-Agent</c>) and no body, whatever else is configured.
    /// Default: off.
    /// </summary>
    public bool ZeroRetention { get; set; }

    /// <summary>
    /// Lower ASP.NET Core's own per-request lines, which write the URL unmasked:
    /// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> ("Request starting", with the query string) to
    /// <c>Warning</c> and <c>Microsoft.AspNetCore.Routing.Matching</c> (the path, at <c>Debug</c>) to
    /// <c>Information</c>, unless the app configured a level for those categories (or for
    /// <c>Microsoft.AspNetCore.Hosting</c> / <c>Microsoft.AspNetCore.Routing</c>) itself. The audit record
    /// replaces them. Default: on.
    /// </summary>
    public bool SuppressFrameworkRequestLogs { get; set; } = true;

    /// <summary>Whether query parameters are written (secret-named ones as <c>[Redacted]</c>). Default: on.</summary>
    public bool LogQueryString { get; set; } = true;

    /// <summary>
    /// Request headers whose values are written, an allowlist as in ASP.NET Core's HTTP logging.
    /// Headers not listed are left out. Listed headers that are secret-named, the key header,
    /// <c>Authorization</c>, <c>Cookie</c> and <c>Set-Cookie</c> are still written as <c>[Redacted]</c>.
    /// Default: <c>Accept</c>, <c>Content-Type</c>, <c>Content-Length</c>.
    /// </summary>
    public ISet<string> LoggedHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Accept",
        "Content-Type",
        "Content-Length",
    };

    /// <summary>
    /// Name fragments that mark a query parameter, header, form field or JSON field as secret; its
    /// value is never written. Names are compared case-insensitively with <c>-</c>, <c>_</c> and
    /// <c>.</c> removed; a fragment matches anywhere in the name. Entries you add extend the secure default.
    /// </summary>
    public ISet<string> SecretNameFragments { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
        "signingkey", "credential", "auth", "session", "cookie", "signature", "bearer", "jwt",
    };

    /// <summary>
    /// Whole names that mark a value secret (compared like <see cref="SecretNameFragments"/> but
    /// matching the entire name): short words that would cause false alarms as fragments.
    /// </summary>
    public ISet<string> SecretNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "pwd", "pass", "key", "sig", "code", "otp", "pin", "cvv", "cvc", "ssn", "sid",
    };

    /// <summary>
    /// A base64 secret (at least 32 bytes) for the keyed hash that pseudonymises client addresses: its
    /// own key, so rotating or retiring peppers never changes pseudonyms. When unset (the default) a key is
    /// derived once, with HKDF under its own label, from the pepper version <see cref="ClientAddressKeyPepperVersion"/>
    /// pins; it never equals the pepper, and adding a pepper version does not change it.
    /// </summary>
    public string? ClientAddressKey { get; set; }

    /// <summary>
    /// The pepper version the client-address key is derived from when <see cref="ClientAddressKey"/> is
    /// unset. Default: the lowest configured version, so pseudonyms survive pepper rotations. Before that
    /// version is removed, set <see cref="ClientAddressKey"/> (pseudonyms then start afresh once).
    /// </summary>
    public int? ClientAddressKeyPepperVersion { get; set; }

    /// <summary>The longest value written for one field; longer values are cut after masking. Default: 512.</summary>
    public int MaxValueLength { get; set; } = 512;

    /// <summary>Request body logging (<c>Rampart:Logging:Bodies</c>).</summary>
    public BodyLoggingOptions Bodies { get; } = new();

    /// <summary>Which detectors mask personal data in free text (<c>Rampart:Logging:Masking</c>).</summary>
    public TextMaskingOptions Masking { get; } = new();

    /// <summary>The persistent audit store and its retention (<c>Rampart:Logging:Store</c>).</summary>
    public AuditStoreOptions Store { get; } = new();

    /// <summary>The scrubbing layer in front of every logger of the app (<c>Rampart:Logging:Scrubbing</c>).</summary>
    public LogScrubbingOptions Scrubbing { get; } = new();
}
