using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A secret-named constant that holds a path, a Windows registry key, a UNC share, a folder under an
/// environment variable or relative to the current one, names where credentials are kept, not one.
/// Values with backslashes that are not paths are still judged.
/// </summary>
public class PathShapedSecretTests
{
    [Fact]
    public async Task Registry_keys_and_file_system_paths_under_secret_names_are_not_secrets()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class RegistryKeys
            {
                public const string RootKey = "SOFTWARE\\Contoso9\\RemoteDesk";
                public const string Credential = RootKey + "\\Credentials";
                public const string CredentialOptions = Credential + "\\Options";
                public const string Passwords = @"HKEY_CURRENT_USER\Software\Contoso\Vault\Passwords";
                public const string Token = @"HKLM\SYSTEM\CurrentControlSet\Services\ContosoAgent\Tokens";
            }

            static class Locations
            {
                public const string Secret = @"..\secrets\api-token.json";
                public const string ApiKey = @"\\fileserver01\secrets\vault";
                public const string Credentials = @"%LOCALAPPDATA%\Contoso\TokenCache\msal.bin";
                public const string SigningKey = @".\keys\signing-key.pfx";
            }
            """);
    }

    [Fact]
    public async Task Values_with_backslashes_that_are_not_paths_are_still_judged()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class Settings
            {
                public const string Password = {|RMP0003:"Wq8\\zR#4kLp9!vT"|};
                public const string Secret = {|RMP0003:"SOFTWARE\\Xk9#qLm2vR8z$"|};
                public const string ApiKey = {|RMP0003:@"\\Zr4N!q8Lw2Xk7"|};
            }
            """);
    }
}
