using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class SecretNamedValueTests
{
    private static readonly string Random = TestSecrets.RandomText(32);

    [Fact]
    public async Task Every_binding_of_a_secret_name_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.Collections.Generic;

            class Options { public string ClientSecret { get; set; } = ""; public string ApiKey = ""; }
            class Api { public Api(string apiKey = null, string name = null) { } }

            class C
            {
                private const string DbPassword = {|RMP0003:"{{Random}}"|};
                private static readonly string signingKey = {|RMP0003:"{{Random}}"|};
                public string ClientSecret { get; } = {|RMP0003:"{{Random}}"|};
                public string AccessToken => {|RMP0003:"{{Random}}"|};
                void Connect(string password = {|RMP0003:"{{Random}}"|}) { }

                void M(Options o, Dictionary<string, string> settings)
                {
                    var adminPassword = {|RMP0003:"P@ssw0rd!2024"|};
                    o.ClientSecret = {|RMP0003:"{{Random}}"|};
                    settings["Jwt:SigningKey"] = {|RMP0003:"{{Random}}"|};
                    var api = new Api(apiKey: {|RMP0003:"{{Random}}"|});
                    var options = new Options { ApiKey = {|RMP0003:"{{Random}}"|} };
                    var map = new Dictionary<string, string> { { "client_secret", {|RMP0003:"{{Random}}"|} } };
                    var indexed = new Dictionary<string, string> { ["API_TOKEN"] = {|RMP0003:"{{Random}}"|} };
                    settings.Add("Password", {|RMP0003:"{{Random}}"|});
                    var anonymous = new { Secret = {|RMP0003:"{{Random}}"|} };
                    var apiToken = Environment.GetEnvironmentVariable("X") ?? {|RMP0003:"{{Random}}"|};
                }
            }
            """);
    }

    [Theory]
    [InlineData("password", "Please enter your password")]
    [InlineData("token", "-behindthescenes")]
    [InlineData("password", "yourWeak(!)Password")]
    [InlineData("cardToken", "card_token_123")]
    [InlineData("encryptedPrivateKey", "q8Jx0Vd2LmZ9rT4yWb7NcK3pHs6GfA1e")]
    [InlineData("passwordPrompt", "Password:")]
    [InlineData("token", "")]
    [InlineData("apiKey", "changeme")]
    [InlineData("apiKey", "<your-api-key>")]
    [InlineData("apiKey", "${API_KEY}")]
    [InlineData("password", "{0}")]
    [InlineData("secret", "%SECRET%")]
    [InlineData("publicKey", "MIIBIjANBgkqhkiG9w0BAQEFAAOC")]
    [InlineData("clientId", "3f2c1a7e-9b4d-4e8a-b1c2-0d9e8f7a6b5c")]
    [InlineData("csrfToken", "a8Fh2kLm9QpR4sTv")]
    [InlineData("UserSecretsId", "aspnet-App-5c1f2b7e-8d3a-4f6b-9e2c-1a7d8b9c0e4f")]
    [InlineData("keyVaultName", "kv-prod-weu-01")]
    [InlineData("passwordHeaderName", "X-Password-9a8b")]
    [InlineData("tokenEndpoint", "https://login.example.com/oauth2/v2.0/token")]
    [InlineData("apiKeyHeader", "X-Api-Key")]
    [InlineData("secretName", "ConnectionStrings--Default")]
    [InlineData("PasswordResetUrl", "/account/reset?t=1")]
    [InlineData("ApiKeyScheme", "ApiKey")]
    [InlineData("nextPageToken", "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA")]
    [InlineData("password", "xxxxxxxxxxxxxxxx")]
    [InlineData("tokenType", "Bearer")]
    [InlineData("InvalidPasswordMessage", "Invalid password.")]
    [InlineData("UpdateAuthenticationApisForInputPassword", "pm-27086-update-authentication-apis-for-input-password")]
    [InlineData("DeviceAuthKey", "pm-27581-device-auth-key")]
    [InlineData("KEY_PASSWORD", "s3-password")]
    [InlineData("hmacKey", "test-key-12345678901234567890123456789012")]
    [InlineData("ApiKey", "test-pricing-api-key-0123456789abcdef")]
    [InlineData("user2Password", "user2_password")]
    [InlineData("LicenseKey", "test_key_12345")]
    [InlineData("TwoFactorToken", "valid-recovery-code-12345")]
    [InlineData("PrivateKey", "2.AOs41Hd8OQiCPXjyJKCiDA==|O6OHgt2U2hJGBSNGnimJmg==|iD33s8B69C8JhYYhSa4V1tArjvLr8eEaGqOV7BRo5Jk=")]
    [InlineData("V2PrivateKey", "7.AOs41Hd8OQiCPXjyJKCiDA==")]
    [InlineData("inviteToken", "CfDJ8HOzu6wr6nVLouuDxgOHsMwPcj9Guuip5k_XLD1bBGpwQS1f66c9kB6X4rvKGxNdyw")]
    [InlineData("inviteToken", "OrgUserInviteToken_CfDJ8HOzu6wr6nVLouuDxgOHsMwPcj9Guuip5k_XLD1bBGpwQS1f66c9kB6X4rvKGxNdyw")]
    public async Task A_false_positive_trap_is_not_reported(string name, string value)
        => await VerifyFieldAsync(name, "\"" + value + "\"");

    [Theory]
    [InlineData("password", "Alongside-Unworthy-Query3-Cozy")]
    [InlineData("apiKey", "key-3ax6xnjp29jd6fds4gc373sgvjxteol0")]
    [InlineData("apiKey", "pm-27581-q8jx0vd2lmz9rt4y")]
    [InlineData("apiKey", "key-1234567890-q8jx0vd2lmz9rt4y")]
    [InlineData("privateKey", "2.q8Jx0Vd2LmZ9rT4yWb7NcK3pHs6GfA1e")]
    [InlineData("token", "a8Fh2kLmCfDJ8Qp4sTvWx7Yz2Bc5Nd8Eg1Hj4Kl7Mn0Pq3Rs6Tu9Vw")]
    public async Task Secrets_next_to_those_traps_are_still_reported(string name, string value)
    {
        // Slugs that do not name themselves, random segments, a bare "2." prefix and a Data Protection
        // header inside random text are not names nor ciphertext envelopes.
        await VerifyFieldAsync(name, "{|RMP0003:\"" + value + "\"|}");
    }

    /// <summary>A field named <paramref name="name"/> initialised with <paramref name="initializer"/> (with its expected diagnostics marked).</summary>
    private static Task VerifyFieldAsync(string name, string initializer)
        => Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string {{name}} = {{initializer}};
            }
            """);

    [Fact]
    public async Task Hex_digests_are_ignored_when_configured()
    {
        const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string expectedToken = "{{Sha256}}";
            }
            """, "rampart.ignore_hex_digests = true");
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string expectedToken = {|RMP0003:"{{Sha256}}"|};
            }
            """);
    }

    [Fact]
    public async Task Extra_secret_words_come_from_the_editorconfig()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string licenceBlob = {|RMP0003:"{{Random}}"|};
            }
            """, "rampart.secret_words = blob");
    }

    [Fact]
    public async Task Allow_listed_values_and_excluded_paths_are_not_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string apiKey = "{{Random}}";
            }
            """, "rampart.allowed_values = " + Random);
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string apiKey = "{{Random}}";
            }
            """, "rampart.excluded_paths = **/Test0.cs");
    }

    [Fact]
    public async Task A_higher_entropy_threshold_keeps_short_passwords_quiet()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                string password = {|RMP0003:"Winter2024!"|};
            }
            """);
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                string password = "Winter2024!";
            }
            """, "rampart.entropy_threshold = 4.5");
    }

    [Fact]
    public async Task A_secret_keeps_its_name_through_key_bytes_switch_arms_collections_returns_and_comparisons()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.Collections.Generic;
            using System.Text;

            class Signer { public Signer(byte[] signingKey, string algorithm) { } }

            class C
            {
                private static readonly byte[] CookieSecret = Encoding.UTF8.GetBytes({|RMP0003:"{{Random}}"|});
                private static readonly byte[] HmacKey = Convert.FromBase64String({|RMP0003:"{{Random}}"|});
                private readonly Signer signer = new(Encoding.ASCII.GetBytes({|RMP0003:"{{Random}}"|}), "HS256");
                string[] ServicePasswords = [{|RMP0003:"{{Random}}"|}, {|RMP0003:"{{Random}}"|}];
                List<string> Tokens = new() { {|RMP0003:"{{Random}}"|} };
                string ClientSecret(string env) => env switch { "prod" => {|RMP0003:"{{Random}}"|}, _ => "" };
                string GetApiKey() { return {|RMP0003:"{{Random}}"|}; }
                bool Authorized(IDictionary<string, string> headers) => headers["X-Api-Key"] == {|RMP0003:"{{Random}}"|};
                string Header => {|RMP0003:"Bearer " + "{{Random}}"|};
            }
            """);
    }

    [Fact]
    public async Task Look_alikes_in_those_places_stay_quiet()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.Text;

            class C
            {
                private static readonly byte[] Greeting = Encoding.UTF8.GetBytes("q8Jx0Vd2LmZ9rT4yWb7NcK3pHs6GfA1e");
                string[] PasswordFields = ["password", "confirmPassword"];
                string LabelFor(string field) => field switch { "password" => "Your password", _ => "" };
                string GetTokenEndpoint() { return "https://login.example.com/oauth2/v2.0/token"; }
                bool IsBearer(IDictionary<string, string> headers) => headers["Authorization"] == "Bearer";
                string Scheme => "Bearer " + "{0}";
                bool Known(string apiKeyName) => apiKeyName == "q8Jx0Vd2LmZ9rT4yWb7NcK3pHs6GfA1e";
            }
            """);
    }
}
