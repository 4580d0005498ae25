using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// The shapes of a web service's and a parser's code and tests: names of keys written with a sigil or a
/// separator, fixture labels of words run together with a counted number, self-naming slugs as the
/// password of a Redis configuration or a URI, "testpass", and a test's own signing key. Each beside
/// what is still reported.
/// </summary>
public class KeyNameAndFixtureLabelTests
{
    private const string TestProject = "is_global = true\nbuild_property.IsTestProject = true\n";

    [Fact]
    public async Task One_word_behind_a_sigil_or_before_a_separator_names_a_key_and_other_values_beside_it_are_judged()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class KnownDataKeys
            {
                public const string SlackToken = "-@slack";
                public const string ChannelToken = "#general";
            }

            static class TargetServices
            {
                const string VersionToken = "Version=";
                const string ProfileToken = "Profile=";

                const string SlackTokenValue = {|RMP0003:"-@s1ack9ZqW"|};
                const string ProfileSecret = {|RMP0003:"#Correct-Horse"|};
                const string Secret = {|RMP0003:"!Monkey"|};
            }
            """);
    }

    [Theory]
    [InlineData("Totallywrongpassword1234")]
    [InlineData("invalidtoken1234567890ab")]
    public async Task Words_run_together_with_a_counted_number_are_a_fixture_label_in_a_test_project_and_a_value_elsewhere(string value)
    {
        var source = $$"""
            class Login { public string Password { get; set; } = ""; }

            class AuthTests
            {
                Login Wrong() => new Login { Password = {|RMP0003:"{{value}}"|} };
                const string token = {|RMP0003:"{{value}}"|};
            }
            """;

        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await Run<HardCodedSecretAnalyzer>(source.Replace("{|RMP0003:", "").Replace("\"|}", "\""), TestProject);
    }

    [Theory]
    [InlineData("TotallywrongpasswordXk9qZ2vLm8Rw")]
    [InlineData("invalidtokenQ8xZ1vLm0pR4")]
    [InlineData("invalidtoken8302957416ab")]
    public async Task A_label_word_run_together_with_a_random_tail_or_an_uncounted_number_is_still_reported_in_a_test_project(string value)
    {
        await Run<HardCodedSecretAnalyzer>($$"""
            class AuthTests
            {
                const string Password = {|RMP0003:"{{value}}"|};
            }
            """, TestProject);
    }

    [Fact]
    public async Task A_self_naming_slug_or_a_documentation_endpoint_is_not_a_Redis_password_and_a_generated_one_elsewhere_is()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class CacheOptions { public string ConnectionString { get; set; } = ""; }

            class C
            {
                CacheOptions Canary() => new CacheOptions { ConnectionString = "redis.example.test:6379,password=redis-password-secret-canary,abortConnect=false" };
                CacheOptions Documented() => new CacheOptions { ConnectionString = "cache.example.com:6380,password=Zk8qP2vLx9mR4tWb,ssl=True" };
                CacheOptions Real() => new CacheOptions { ConnectionString = {|RMP0004:"cache.contoso.com:6380,password=Zk8qP2vLx9mR4tWb,ssl=True"|} };
                CacheOptions Renamed() => new CacheOptions { ConnectionString = {|RMP0004:"cache.corp.example:6380,password=Zk8qP2vLx9mR4tWb,ssl=True"|} };
                CacheOptions Slug() => new CacheOptions { ConnectionString = {|RMP0004:"cache.contoso.com:6380,password=redis-Zk8qP2vLx9,ssl=True"|} };
            }
            """);
    }

    [Fact]
    public async Task A_self_naming_slug_or_testpass_is_not_a_URI_password_and_a_random_one_is()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class SmtpUri { public SmtpUri(string uri) { } }

            class C
            {
                string Canary() => "https://storage-user:storage-password-secret-canary@visibleaccount.blob.core.windows.net/container";
                SmtpUri Parsed() => new SmtpUri("smtps://test%40test.com:testpass@smtp.test.com:587");
                string Real() => {|RMP0004:"https://storage-user:Zk8qP2vLx9mR4tWb@visibleaccount.blob.core.windows.net/container"|};
                SmtpUri Random() => new SmtpUri({|RMP0004:"smtps://test%40test.com:tq8Vx2Lm9@smtp.test.com:587"|});
                SmtpUri Counted() => new SmtpUri({|RMP0004:"smtps://test%40test.com:testpassXk9q@smtp.test.com:587"|});
            }
            """);
    }

    [Fact]
    public async Task A_test_signing_key_made_from_a_label_is_the_tests_own_in_a_test_project_and_reported_elsewhere()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            class StripeWebhookTests
            {
                private const string WebhookSigningSecret = "whsec_local_test";

                byte[] Sign(byte[] payload) => HMACSHA256.HashData({|RMP0005:Encoding.UTF8.GetBytes(WebhookSigningSecret)|}, payload);
                byte[] SignLiteral(byte[] payload) => HMACSHA256.HashData({|RMP0005:Encoding.UTF8.GetBytes("whsec_local_test")|}, payload);
                void Keyed() { using var hmac = new HMACSHA256(); hmac.Key = {|RMP0005:Encoding.UTF8.GetBytes("test-signing-key")|}; }
            }
            """;

        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(source);
        await Run<ConstantCredentialAnalyzer>(source.Replace("{|RMP0005:", "").Replace(")|}", ")"), TestProject);
    }

    [Fact]
    public async Task A_random_key_text_literal_bytes_and_reported_fixtures_stay_reported_in_a_test_project()
    {
        await Run<ConstantCredentialAnalyzer>("""
            using System.Security.Cryptography;
            using System.Text;

            class C
            {
                byte[] Text(byte[] data) => HMACSHA256.HashData({|RMP0005:Encoding.UTF8.GetBytes("k8Jx0Vd2LmZ9rT4y")|}, data);
                byte[] Bytes(byte[] data) => HMACSHA256.HashData({|RMP0005:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }|}, data);
                byte[] Base64(byte[] data) => HMACSHA256.HashData({|RMP0005:System.Convert.FromBase64String("dGVzdC1zaWduaW5nLWtleQ==")|}, data);
            }
            """, TestProject);

        await Run<ConstantCredentialAnalyzer>("""
            using System.Security.Cryptography;
            using System.Text;

            class C
            {
                byte[] Sign(byte[] data) => HMACSHA256.HashData({|RMP0005:Encoding.UTF8.GetBytes("whsec_local_test")|}, data);
            }
            """, TestProject + "rampart.report_test_fixtures = true\n");
    }

    private static Task Run<TAnalyzer>(string source, string globalConfig)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new RampartAnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        return test.RunAsync();
    }
}
