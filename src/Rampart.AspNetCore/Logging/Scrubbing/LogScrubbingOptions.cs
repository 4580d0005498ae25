namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// The scrubbing layer in the app's logging pipeline (<c>Rampart:Logging:Scrubbing</c>): every
/// logger of every provider and category passes through it, whoever writes the line.
/// </summary>
/// <remarks>
/// Checksum-valid Rampart keys become their masked form (<c>prefix_env_keyid…</c>: the prefix,
/// environment and public key id stay, the secret goes); values of secret-bearing headers
/// (<c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Cookie</c>, <c>Set-Cookie</c>,
/// <c>X-Api-Key</c>, the configured key header and <see cref="SecretHeaders"/>) become
/// <c>[Redacted]</c>. Message, structured values, scopes and exception texts are all covered.
/// See <c>docs/logging.md</c>.
/// </remarks>
public sealed class LogScrubbingOptions
{
    /// <summary>Whether <c>AddRampart()</c> puts the layer into the logging pipeline. Default: on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Also replace well-known provider secrets (cloud, VCS, payment and chat tokens, private keys,
    /// JWTs, connection-string passwords) with <c>[secret]</c>. Default: on.
    /// </summary>
    public bool ProviderSecrets { get; set; } = true;

    /// <summary>Further header names whose values never reach a log (added to the built-in ones).</summary>
    public ISet<string> SecretHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
