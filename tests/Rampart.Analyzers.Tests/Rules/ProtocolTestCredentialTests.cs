using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// The shapes of a protocol library's code and tests: dummy logins handed to a credential API in test
/// code, protocol lines paired with the file that answers them, dummy words spelled with a symbol
/// inside, flags written behind a backslash and a logger's mask. Each beside what is still reported.
/// </summary>
public class ProtocolTestCredentialTests
{
    private const string TestProject = "is_global = true\nbuild_property.IsTestProject = true\n";

    [Theory]
    [InlineData("password")]
    [InlineData("secret")]
    [InlineData("pencil")]
    [InlineData("pass%word")]
    public async Task A_dummy_password_given_to_NetworkCredential_is_a_fixture_in_a_test_project_and_reported_elsewhere(string password)
    {
        var source = $$"""
            using System.Net;

            class SmtpClientTests
            {
                void M()
                {
                    var credentials = new NetworkCredential("username", {|RMP0005:"{{password}}"|});
                    var assigned = new NetworkCredential { UserName = "username", Password = {|RMP0005:"{{password}}"|} };
                }
            }
            """;

        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(source);
        await Run<ConstantCredentialAnalyzer>(source.Replace("{|RMP0005:", "").Replace("\"|}", "\""), TestProject);
    }

    [Fact]
    public async Task A_dummy_password_is_a_fixture_in_a_test_method_outside_a_test_project()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync("""
            using System.Net;

            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            class LoginTests
            {
                [Xunit.Fact]
                public void Logs_in() => _ = new NetworkCredential("user", "pencil");

                public NetworkCredential Product() => new NetworkCredential("user", {|RMP0005:"pencil"|});
            }
            """);
    }

    [Fact]
    public async Task A_random_password_and_a_reported_fixture_setting_are_still_reported_in_a_test_project()
    {
        // A literal that looks random is reported where it is written, under the parameter's name.
        await Run<HardCodedSecretAnalyzer>("""
            using System.Net;

            class C
            {
                void M() => _ = new NetworkCredential("svc-backup", {|RMP0003:"kd8#Vq!2mz$9Tr4w"|});
            }
            """, TestProject);

        await Run<ConstantCredentialAnalyzer>("""
            using System.Net;

            class C
            {
                void M() => _ = new NetworkCredential("username", {|RMP0005:"password"|});
            }
            """, TestProject + "rampart.report_test_fixtures = true\n");
    }

    [Fact]
    public async Task A_protocol_line_paired_with_a_file_is_not_a_name_and_its_value()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class ReplayCommand { public ReplayCommand(string command, string resource) { } }

            class C
            {
                object[] Script() =>
                [
                    new ReplayCommand("A00000000 LOGIN username password\r\n", "dovecot.authenticate+gmail-capabilities.txt"),
                    new ReplayCommand("A00000001 AUTHENTICATE PLAIN secret token\r\n", "gmail.authenticate+webalert.txt"),
                ];

                void Add(string key, string value) { }

                void M()
                {
                    Add("ClientSecret", {|RMP0003:"q8Jx0Vd2LmZ9rT4yWb7NcK3p"|});
                    Add("Client Secret", {|RMP0003:"q8Jx0Vd2LmZ9rT4yWb7NcK3p"|});
                }
            }
            """);
    }

    [Theory]
    [InlineData("pass%word")]
    [InlineData(@"p@ss\\word")]
    [InlineData("se-cret")]
    public async Task A_dummy_word_with_a_symbol_typed_inside_is_not_a_secret(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                void Authenticate(string user, string password) { }
                void M() => Authenticate("username", "{{value}}");
                const string Password = "{{value}}";
            }
            """);
    }

    [Theory]
    [InlineData("pa%ss%wo%rd")]
    [InlineData("pass9word")]
    [InlineData("Vq!2mz$9Tr4w")]
    public async Task A_word_broken_by_more_than_two_symbols_or_by_a_digit_is_still_judged_as_a_value(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                const string Password = {|RMP0003:"{{value}}"|};
            }
            """);
    }

    [Fact]
    public async Task A_flag_behind_a_backslash_is_a_word_and_a_random_value_behind_one_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            enum TokenType { Flag }
            class ImapToken { public ImapToken(TokenType type, object value) { } }

            class C
            {
                static readonly ImapToken Answered = new ImapToken(TokenType.Flag, "\\Answered");
                static readonly ImapToken Deleted = new ImapToken(TokenType.Flag, "\\Deleted");
                const string Token = {|RMP0003:"\\q8Jx0Vd2LmZ9rT4yWb7NcK3p"|};
            }
            """);
    }

    [Fact]
    public async Task A_type_made_from_several_texts_does_not_name_its_value_and_a_type_wrapping_one_text_does()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            enum TokenField { HelpText }

            [System.AttributeUsage(System.AttributeTargets.Property, AllowMultiple = true)]
            class FieldTokenAttribute : System.Attribute
            {
                public FieldTokenAttribute(TokenField field, string label, string key, object value) { }
            }

            enum TokenKind { Bearer }
            class BearerToken { public BearerToken(TokenKind kind, string value) { } }

            class Settings
            {
                [FieldToken(TokenField.HelpText, "UrlBase", "url", "[protocol]://[host]:[port]/[urlBase]/api")]
                [FieldToken(TokenField.HelpText, "UseSsl", "serviceName", "Emby/Jellyfin")]
                public string UrlBase { get; set; } = "";

                static readonly BearerToken Token = new BearerToken(TokenKind.Bearer, {|RMP0003:"q8Jx0Vd2LmZ9rT4yWb7NcK3p"|});
            }
            """);
    }

    [Fact]
    public async Task A_logger_mask_kept_as_bytes_is_not_a_key_and_constant_key_text_still_is()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync("""
            using System.Text;

            class ProtocolLogger
            {
                static readonly byte[] Secret = Encoding.ASCII.GetBytes("********");
                static readonly byte[] SigningKey = {|RMP0005:Encoding.ASCII.GetBytes("k8Jx0Vd2LmZ9rT4y")|};
            }
            """);
    }

    private static Task Run<TAnalyzer>(string source, string globalConfig)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new RampartAnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        return test.RunAsync();
    }
}
