namespace Rampart.Analyzers.Detection;

/// <summary>Which rule a secret found in a piece of text belongs to.</summary>
internal enum SecretRule
{
    /// <summary>A checksum-valid Rampart key (RMP0001).</summary>
    RampartKey,

    /// <summary>A credential in a well-known provider format (RMP0002).</summary>
    ProviderSecret,

    /// <summary>A literal password in a connection string or URI (RMP0004).</summary>
    ConnectionCredential,
}

/// <summary>A secret found in a piece of text.</summary>
internal readonly struct SecretMatch
{
    public SecretMatch(SecretRule rule, string description, string configurationName)
    {
        Rule = rule;
        Description = description;
        ConfigurationName = configurationName;
    }

    /// <summary>The rule it belongs to.</summary>
    public SecretRule Rule { get; }

    /// <summary>What it is, for the message ("a GitHub token").</summary>
    public string Description { get; }

    /// <summary>The environment variable a fix should read it from.</summary>
    public string ConfigurationName { get; }
}
