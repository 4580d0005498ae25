using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// OpenID Connect Core's example token response ("SlAV32hkKG", "8xLOxBtZp8") and the OAuth 2.0
/// examples are what protocol test suites send to their servers; a token of the same shape that is
/// not the specification's is still reported.
/// </summary>
public class OpenIdConnectExampleTokenTests
{
    [Fact]
    public async Task The_specification_tokens_in_a_token_response_are_not_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class TokenResponse
            {
                public string AccessToken { get; set; }
                public string RefreshToken { get; set; }
                public string Code { get; set; }
            }

            class Tests
            {
                TokenResponse Example() => new TokenResponse
                {
                    AccessToken = "SlAV32hkKG",
                    RefreshToken = "8xLOxBtZp8",
                };

                TokenResponse Rfc6749() => new TokenResponse
                {
                    AccessToken = "2YotnFZFEjr1zCsicMWpAA",
                    RefreshToken = "tGzv3JOkF0XG5Qx2TlKWIA",
                };
            }
            """);
    }

    [Fact]
    public async Task Tokens_of_the_same_shape_that_are_not_the_specifications_are_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class TokenResponse
            {
                public string AccessToken { get; set; }
                public string RefreshToken { get; set; }
            }

            class Tests
            {
                TokenResponse Other() => new TokenResponse
                {
                    AccessToken = {|RMP0003:"Qk7V32hmWx"|},
                    RefreshToken = {|RMP0003:"9yLPxCtZq4"|},
                };
            }
            """);
    }
}
