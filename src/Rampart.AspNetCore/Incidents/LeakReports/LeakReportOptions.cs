namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>
/// How reports of leaked keys from secret scanners are accepted (<c>Rampart:Incidents:LeakReports</c>).
/// A report is a JSON array of <c>{ token, type, url, source }</c>, signed with ECDSA P-256 / SHA-256 over
/// the raw body; the signature (base64, ASN.1 DER) and the signing key's identifier travel in request headers.
/// </summary>
/// <remarks>
/// This is the format public code hosts send to token issuers (GitHub's secret scanning partner programme:
/// headers <c>Github-Public-Key-Identifier</c> and <c>Github-Public-Key-Signature</c>, keys published at
/// <c>https://api.github.com/meta/public_keys/secret_scanning</c>). The answer is the feedback array the same
/// programme reads: <c>{ token_hash, token_type, label }</c> per token. See <c>docs/leaked-keys.md</c>.
/// </remarks>
public sealed class LeakReportOptions
{
    /// <summary>The senders' public keys: key identifier to a PEM <c>PUBLIC KEY</c> (P-256). Checked at start.</summary>
    public IDictionary<string, string> PublicKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Where the sender publishes its keys (JSON <c>{ "public_keys": [ { "key_identifier", "key" } ] }</c>), fetched
    /// when a report names a key id not in <see cref="PublicKeys"/>; <see langword="null"/> (default) fetches nothing.
    /// Must be HTTPS (loopback excepted).
    /// </summary>
    public Uri? PublicKeysUrl { get; set; }

    /// <summary>How long fetched keys are used before they are fetched again. Default: one hour.</summary>
    public TimeSpan PublicKeysCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest time between two fetches prompted by unknown key ids, so forged ids cannot make Rampart hammer the URL. Default: one minute.</summary>
    public TimeSpan PublicKeysMinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The request header naming the signing key. Default: <c>Github-Public-Key-Identifier</c>.</summary>
    public string KeyIdentifierHeader { get; set; } = "Github-Public-Key-Identifier";

    /// <summary>The request header carrying the base64 DER signature. Default: <c>Github-Public-Key-Signature</c>.</summary>
    public string SignatureHeader { get; set; } = "Github-Public-Key-Signature";

    /// <summary>What happens to a reported key that is this app's. Default: <see cref="LeakResponsePolicy.RevokeImmediately"/>.</summary>
    public LeakResponsePolicy Policy { get; set; } = LeakResponsePolicy.RevokeImmediately;

    /// <summary>The most tokens one report may carry; a larger report is refused with 413 and nothing changes. Default: 100.</summary>
    public int MaxTokensPerReport { get; set; } = 100;

    /// <summary>The largest body accepted, in bytes; a larger one is refused with 413 before it is verified. Default: 256 KiB.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>What is done with a reported key that verifies as this app's.</summary>
public enum LeakResponsePolicy
{
    /// <summary>Revoke it at once (default): the key is public, whoever holds it can use it.</summary>
    RevokeImmediately = 0,

    /// <summary>Leave it working, record the report in the admin log and raise an alert so a person decides.</summary>
    FlagAndNotify,
}
