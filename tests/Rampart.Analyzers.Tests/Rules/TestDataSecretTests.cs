using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// In a test project, a secret-named constant whose name says it is the tests' own (<c>TestPassword</c>)
/// and a test vector (a data row giving a secret-named input with the output it must produce) are the
/// tests' data. Outside test projects, with <c>rampart.report_test_fixtures</c>, for rows without an
/// expected output, and for a provider's token format, they are still reported.
/// </summary>
public class TestDataSecretTests
{
    private const string TestProject = "is_global = true\nbuild_property.IsTestProject = true\n";

    private const string ReportFixtures = TestProject + "rampart.report_test_fixtures = true\n";

    private const string Attributes = """
        [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
        sealed class DataRowAttribute : System.Attribute { public DataRowAttribute(params object[] values) { } }

        [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
        sealed class TestCaseAttribute : System.Attribute
        {
            public TestCaseAttribute(params object[] values) { }
            public object? ExpectedResult { get; set; }
        }

        """;

    private const string Fixtures = Attributes + """
        class CryptoHelperTests
        {
            private const string TestPassword = [|"Vq7LmZ2rTx9KpW4sNd8BhY3cFj6GtR1e"|];
            private static readonly string TestingApiKey = [|"Zr4Nq8Lw2Xk7Pm9Tb3Vc6Hd1Js5Fg0Ya"|];

            [DataRow([|"n3Vq+Lm8/Zx2KpW4sNd8BhY3cFk="|], 1337UL, "Qf7Lq2ZpTx9KmW4sNd8BhY3cFj0=")]
            [DataRow([|"n3Vq+Lm8/Zx2KpW4sNd8BhY3cFk="|], 1723332288UL, "7RZ2Q")]
            void GeneratesCode(string sharedSecret, ulong time, string expectedCode) { }

            [TestCase([|"Wd5Kp9Lr3Zq7Xm2Tn8Vb4Hc6Js1Fg0Ya"|], ExpectedResult = "6d0b1c")]
            string Signs(string signingKey) => "";
        }
        """;

    [Fact]
    public async Task Test_named_constants_and_test_vectors_are_the_tests_data_in_a_test_project()
    {
        await Run<HardCodedSecretAnalyzer>(Fixtures.Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal), TestProject);
    }

    [Fact]
    public async Task The_same_values_are_reported_outside_a_test_project_or_when_fixtures_are_reported()
    {
        var marked = Fixtures.Replace("[|", "{|RMP0003:", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal);
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(marked);
        await Run<HardCodedSecretAnalyzer>(marked, ReportFixtures);
    }

    [Fact]
    public async Task A_row_without_an_expected_output_a_plain_secret_name_and_a_provider_token_are_still_reported_in_a_test_project()
    {
        await Run<HardCodedSecretAnalyzer>(Attributes + $$"""
            class ClientTests
            {
                private const string Password = {|RMP0003:"Vq7LmZ2rTx9KpW4sNd8BhY3cFj6GtR1e"|};
                private const string TestGitHubToken = {|RMP0002:"{{TestSecrets.GitHubToken()}}"|};

                [DataRow({|RMP0003:"Zr4Nq8Lw2Xk7Pm9Tb3Vc6Hd1Js5Fg0Ya"|}, "https://api.example.test")]
                void Calls(string apiKey, string endpoint) { }

                [DataRow({|RMP0003:"Wd5Kp9Lr3Zq7Xm2Tn8Vb4Hc6Js1Fg0Ya"|})]
                void Checks(string clientSecret, string expected = "") { }
            }
            """, TestProject);
    }

    private static Task Run<TAnalyzer>(string source, string globalConfig)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new RampartAnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        return test.RunAsync();
    }
}
