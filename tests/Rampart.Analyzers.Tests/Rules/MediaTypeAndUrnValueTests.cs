using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Protocol libraries name their media types, JWT 'typ' values and URNs after the token they describe
/// (<c>AccessToken = "at+jwt"</c>, <c>Saml2Bearer = "urn:…:saml2-bearer"</c>): formats, not secrets. A
/// random value under the same name, or one dressed as a URN or a suffix, is still reported.
/// </summary>
public class MediaTypeAndUrnValueTests
{
    [Theory]
    [InlineData("application/jwt")]
    [InlineData("application/token-introspection+jwt")]
    [InlineData("application/jose+json; charset=utf-8")]
    [InlineData("at+jwt")]
    [InlineData("oi_reft+jwt")]
    [InlineData("secevent+jwt")]
    [InlineData("urn:ietf:params:oauth:grant-type:saml2-bearer")]
    [InlineData("urn:ietf:params:oauth:client-assertion-type:saml2-bearer")]
    [InlineData("urn:oasis:names:tc:SAML:2.0:cm:bearer")]
    public async Task A_media_type_or_urn_under_a_token_name_is_not_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            static class JsonWebTokenTypes
            {
                public const string AccessToken = "{{value}}";
            }
            """);
    }

    [Theory]
    [InlineData("Kq8vR2mZ7pL4wN9s")]
    [InlineData("urn:x:Kq8vR2mZ7pL4wN9sTb3c")]
    [InlineData("Kq8vR2mZ7pL4wN9s+jwt")]
    [InlineData("application/Kq8vR2mZ7pL4wN9s")]
    [InlineData("ghp_Kq8vR2mZ7pL4wN9sTb3cYx6dQe1fGh5jKl0")]
    public async Task A_random_value_under_the_same_name_is_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            static class JsonWebTokenTypes
            {
                public const string AccessToken = {|RMP0003:"{{value}}"|};
            }
            """);
    }
}
