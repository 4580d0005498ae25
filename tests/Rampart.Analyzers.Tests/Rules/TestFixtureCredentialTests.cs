using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Inside a test project, a passphrase a person made up and a connection string to this machine
/// under one are the test's fixtures; everything else is reported there as anywhere.
/// </summary>
public class TestFixtureCredentialTests
{
    private const string TestProject = "is_global = true\nbuild_property.IsTestProject = true\n";

    [Theory]
    [InlineData("Alongside-Unworthy-Query3-Cozy")]
    [InlineData("SuperSecretP@ssw0rd!")]
    [InlineData("H4rd2Gu3ss!")]
    [InlineData("2Legit2Quit")]
    [InlineData("n0_p4ssw0rd")]
    [InlineData("Str0ng!Passw0rd")]
    public async Task A_made_up_passphrase_is_a_fixture_in_a_test_project_and_a_secret_elsewhere(string passphrase)
    {
        var source = $$"""
            class CertificateFixture
            {
                private const string CertificatePassword = {|RMP0003:"{{Escape(passphrase)}}"|};
                void Open(string password) { }
                void M() => Open({|RMP0003:"{{Escape(passphrase)}}"|});
            }
            """;

        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await InTestProject(source.Replace("{|RMP0003:", "").Replace("\"|}", "\""));
    }

    [Fact]
    public async Task Teams_can_have_test_fixtures_reported_too()
    {
        var test = new RampartAnalyzerTest<HardCodedSecretAnalyzer>
        {
            TestCode = """
                class C
                {
                    private const string CertificatePassword = {|RMP0003:"Alongside-Unworthy-Query3-Cozy"|};
                    string cs = {|RMP0004:"Host=localhost;Username=tests;Password=H4rd2Gu3ss!"|};
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestProject + "rampart.report_test_fixtures = true\n"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("Xk9mP2qR7vL4nB8wT3yZ")]
    [InlineData("3f9c2e1b7d8a4f60a1b2c3d4e5f60718")]
    [InlineData("q8Jx0Vd2-LmZ9rT4y-Wb7NcK3p")]
    [InlineData("kd8#Vq!2mz$9")]
    [InlineData("Alongside-Unworthy-Query3-Xq9zKw7T")]
    [InlineData(@"abcde12345!@#$%/\\")]
    public async Task A_random_looking_value_is_still_reported_in_a_test_project(string value)
    {
        await InTestProject($$"""
            class C
            {
                private const string ApiKey = {|RMP0003:"{{value}}"|};
                private static readonly string CertificatePassword = {|RMP0003:"{{value}}"|};
            }
            """);
    }

    [Fact]
    public async Task Provider_tokens_private_keys_and_generated_values_are_still_reported_in_a_test_project()
    {
        await InTestProject($$"""
            class C
            {
                private const string GitHubToken = {|RMP0002:"{{TestSecrets.GitHubToken()}}"|};
                private const string Stripe = {|RMP0002:"{{TestSecrets.Stripe()}}"|};
                private const string ClientSecret = {|RMP0003:"{{TestSecrets.RandomText(32)}}"|};
            }
            """);
    }

    [Theory]
    [InlineData("Host=localhost;Port=5432;Username=tests;Password=H4rd2Gu3ss!")]
    [InlineData("Server=127.0.0.1,1433;Database=tests;User Id=sa;Password=Str0ng!Passw0rd")]
    [InlineData(@"Server=(localdb)\\mssqllocaldb;Database=tests;User Id=sa;Password=2Legit2Quit")]
    [InlineData("amqp://guest:H4rd2Gu3ss!@localhost:5672/")]
    [InlineData("localhost:6379,password=SuperSecretP@ssw0rd!")]
    public async Task A_local_connection_string_under_a_made_up_passphrase_is_a_fixture_in_a_test_project(string connectionString)
    {
        var source = $$"""
            class C
            {
                string cs = {|RMP0004:"{{connectionString}}"|};
            }
            """;

        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await InTestProject(source.Replace("{|RMP0004:", "").Replace("\"|}", "\""));
    }

    [Theory]
    [InlineData("Host=orders-db.internal;Port=5432;Username=tests;Password=H4rd2Gu3ss!")]
    [InlineData("Host=localhost,orders-db.internal;Username=tests;Password=H4rd2Gu3ss!")]
    [InlineData("Host=localhost;Username=tests;Password=Xk9mP2qR7vL4nB8w")]
    [InlineData("Username=tests;Password=H4rd2Gu3ss!")]
    [InlineData("amqp://guest:H4rd2Gu3ss!@rabbit.prod.internal:5672/")]
    [InlineData("amqp://guest:q8Rt2LmZx7@localhost:5672/")]
    [InlineData("orders-cache:6379,password=SuperSecretP@ssw0rd!")]
    public async Task Other_hosts_and_random_passwords_are_still_reported_in_a_test_project(string connectionString)
    {
        await InTestProject($$"""
            class C
            {
                string cs = {|RMP0004:"{{connectionString}}"|};
            }
            """);
    }

    /// <summary>
    /// Generated values of every common alphabet, at the lengths of generated keys and tokens (16 to
    /// 40 characters), are never taken for a made-up passphrase. Shorter random values can spell
    /// words by chance: the limit the rule documents.
    /// </summary>
    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")]
    [InlineData("0123456789abcdef")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    public void Generated_values_are_not_made_up_passphrases(string alphabet)
    {
        var taken = TestSecrets.RandomValuesTaken(alphabet, 5000, 16, 40, TestFixtureCredentials.IsHumanMadePassphrase);
        Assert.Empty(taken);
    }

    [Theory]
    [InlineData("Pass123$")]
    [InlineData("Alongside-Unworthy-Query3-Cozy")]
    public async Task A_dummy_password_in_a_test_method_is_a_fixture_even_outside_a_test_project(string password)
    {
        // Test code kept in a project that is not marked as a test project: the test method's attribute says what it is.
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            class UserTests
            {
                static void Create(string user, string password) { }

                [Xunit.Fact]
                public void Creates_user() => Create("alice", "{{password}}");

                public void Seed() => Create("alice", {|RMP0003:"{{password}}"|});
            }
            """);
    }

    [Theory]
    [InlineData("Xk9mP2qR7vL4nB8wT3yZ")]
    [InlineData("Pass987$")]
    [InlineData("pass123$")]
    [InlineData("Pqxz123$")]
    public async Task Random_values_and_other_shapes_in_a_test_method_are_still_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            class UserTests
            {
                static void Create(string user, string password) { }

                [Xunit.Fact]
                public void Creates_user() => Create("alice", {|RMP0003:"{{value}}"|});
            }
            """);
    }

    [Fact]
    public async Task Test_methods_have_fixtures_reported_when_teams_ask_for_it()
    {
        var test = new RampartAnalyzerTest<HardCodedSecretAnalyzer>
        {
            TestCode = """
                namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

                class UserTests
                {
                    static void Create(string user, string password) { }

                    [Xunit.Fact]
                    public void Creates_user() => Create("alice", {|RMP0003:"Pass123$"|});
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nrampart.report_test_fixtures = true\n"));
        await test.RunAsync();
    }

    internal static Task InTestProject(string source)
    {
        var test = new RampartAnalyzerTest<HardCodedSecretAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestProject));
        return test.RunAsync();
    }

    private static string Escape(string value) => value.Replace(@"\", @"\\");
}
