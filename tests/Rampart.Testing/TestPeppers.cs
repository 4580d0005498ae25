namespace Rampart.Testing;

/// <summary>Random peppers made per test run; nothing secret is committed.</summary>
public static class TestPeppers
{
    public static readonly string Version1 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public static readonly string Version2 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
}
