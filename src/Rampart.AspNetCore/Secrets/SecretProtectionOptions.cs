namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// The master-key ring for stored third-party secrets (<c>Rampart:Secrets</c>). Keys come from
/// configuration (user-secrets, environment variables, a secret manager) or a file; never from
/// the database that holds the ciphertexts. See <c>docs/secret-protection.md</c>.
/// </summary>
public sealed class SecretProtectionOptions
{
    /// <summary>
    /// Master-key versions: version number (1 or more) to base64 of exactly 32 random bytes, e.g.
    /// the environment variable <c>Rampart__Secrets__MasterKeys__1=&lt;base64&gt;</c>. Old versions stay
    /// until every ciphertext has been re-encrypted under the current one.
    /// </summary>
    public IDictionary<int, string> MasterKeys { get; } = new Dictionary<int, string>();

    /// <summary>
    /// A file holding more versions as a JSON object of version to base64 key, e.g.
    /// <c>{ "1": "…", "2": "…" }</c> (a mounted secret). Read once at start; it must not be
    /// readable by other users. Versions may not appear both here and in <see cref="MasterKeys"/>.
    /// </summary>
    public string? KeyRingPath { get; set; }

    /// <summary>The version new ciphertexts are made under; the highest version when unset.</summary>
    public int? CurrentKeyVersion { get; set; }
}
