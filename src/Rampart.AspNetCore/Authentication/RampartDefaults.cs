namespace Rampart.AspNetCore.Authentication;

/// <summary>Names Rampart registers.</summary>
public static class RampartDefaults
{
    /// <summary>The authentication scheme of API keys.</summary>
    public const string AuthenticationScheme = "Rampart";
}
