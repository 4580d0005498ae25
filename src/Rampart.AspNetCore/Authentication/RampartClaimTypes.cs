namespace Rampart.AspNetCore.Authentication;

/// <summary>Claims on the principal of a request authenticated by API key.</summary>
public static class RampartClaimTypes
{
    /// <summary>The public key id.</summary>
    public const string KeyId = "rampart:key_id";

    /// <summary>The key's human name (also the identity's name).</summary>
    public const string KeyName = "rampart:key_name";

    /// <summary>Who the key was issued to.</summary>
    public const string Owner = "rampart:owner";

    /// <summary>The organisation (tenant).</summary>
    public const string Organization = "rampart:org";

    /// <summary><c>live</c> or <c>test</c>.</summary>
    public const string Environment = "rampart:env";

    /// <summary>The rate-limit tier; absent for the default tier.</summary>
    public const string Tier = "rampart:tier";

    /// <summary>One claim per role the key carries (its scopes are among the <see cref="Scope"/> claims).</summary>
    public const string Role = "rampart:role";

    /// <summary>One claim per granted scope, the scopes of the key's roles included.</summary>
    public const string Scope = "scope";
}
