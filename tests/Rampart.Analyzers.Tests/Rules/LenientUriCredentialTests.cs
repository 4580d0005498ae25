using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Configuration;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>Generated passwords hold characters RFC 3986 refuses in a user part; the URI is still a credential.</summary>
public class LenientUriCredentialTests
{
    [Theory]
    [InlineData("mongodb+srv://catalog_rw:%vcRA_X6A9Jwr?G2s-PF@cluster0.q7xkz.mongodb.net/catalog?retryWrites=true")]
    [InlineData("postgres://orders:Tq7#pLm2?zR9@db.internal:5432/orders")]
    [InlineData("amqps://svc-export:a%Zq8#Lm?2vR@rabbit.internal")]
    public async Task A_password_with_unencoded_characters_is_reported(string uri)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string uri = {|RMP0004:"{{uri}}"|};
            }
            """);
    }

    [Theory]
    [InlineData("mongodb+srv://user:password@cluster0.example.net/?retryWrites=true")]
    [InlineData("postgres://app:${PASS}@db.internal:5432/orders")]
    [InlineData("https://api.example.com?ref=a:b@c")]
    [InlineData("https://example.com?next=mailto:someone@example.com")]
    [InlineData("https://example.com#user:x@host")]
    public async Task Placeholders_and_addresses_after_a_query_stay_clean(string uri)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string uri = "{{uri}}";
            }
            """);
    }

    [Fact]
    public async Task The_configuration_file_rule_reads_the_same_uris()
    {
        const string Uri = "postgres://reporting:Xw9?m%Tq2#vL8@db.internal:5432/reports";
        var json = $$"""
            {
              "ConnectionStrings": { "Reports": "{{Uri}}", "Local": "postgres://user:password@localhost/reports" }
            }
            """;
        var test = new RampartAnalyzerTest<ConfigurationFileAnalyzer> { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", json));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(RampartRules.SecretInConfigurationFile)
            .WithSpan("/0/appsettings.json", 2, 38, 2, 38 + Uri.Length).WithArguments("ConnectionStrings:Reports", "a literal password in a URI"));
        await test.RunAsync();
    }
}
