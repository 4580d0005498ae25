using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// The worked examples of the RFCs (OAuth 2.0, bearer tokens, JWS, the SASL mechanisms) and the example
/// tokens services print in their documentation (ntfy, Twitter's OAuth 1.0a walkthrough) are published
/// test vectors that grant nothing; a value of the same shape that is not the RFC's is still reported.
/// </summary>
public class RfcExampleValueTests
{
    [Theory]
    [InlineData("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==")]
    [InlineData("2YotnFZFEjr1zCsicMWpAA")]
    [InlineData("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2")]
    [InlineData("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw")]
    [InlineData("Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW")]
    [InlineData("rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")]
    [InlineData("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")]
    public async Task An_rfc_example_under_a_secret_name_is_not_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                const string token = "{{value}}";
            }
            """);
    }

    [Theory]
    [InlineData("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCh==")]
    [InlineData("2YotnFZFEjr1zCsicMWpAB")]
    [InlineData("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz3")]
    [InlineData("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBX")]
    [InlineData("rspauth=ea40f60335c427b5527b84dbabcdfffe")]
    [InlineData("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAoW")]
    public async Task A_value_of_the_same_shape_that_is_not_the_rfcs_is_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                const string token = {|RMP0003:"{{value}}"|};
            }
            """);
    }

    [Fact]
    public async Task The_cram_md5_example_login_is_not_a_constant_credential_and_another_password_is()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync("""
            using System.Net;

            class Logins
            {
                NetworkCredential Example() => new NetworkCredential("joe", "tanstaaftanstaaf");

                NetworkCredential Other() => new NetworkCredential("joe", {|RMP0005:"tanstaafTANSTAAF"|});
            }
            """);
    }
}
