using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Values counted out in runs (digits and letters in order, up or down) are filler, and dotted names
/// in capitals are a protocol's words, not keys; nor is a value spelled from its own name.
/// </summary>
public class CountedFillerTests
{
    [Theory]
    [InlineData("1234567890abcdefghijklmnopqrstuvwxyz1234")]
    [InlineData("1234-ABCD")]
    [InlineData("abcdef-987654")]
    [InlineData("ABCDEFGH12345678")]
    public async Task Counted_filler_under_a_key_name_is_not_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class Settings
            {
                public string ApiKey { get; set; } = "{{value}}";
            }
            """);
    }

    [Theory]
    // A run broken by one letter, a run too short to count, a random key.
    [InlineData("1234567890abcdefghXjklmnopqrstuvwxyz1234")]
    [InlineData("12-AB-7Q-xk-93")]
    [InlineData("5c770e3197e4fe763423ee7c392c25d1")]
    public async Task Values_that_are_not_counted_out_are_reported(string value)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class Settings
            {
                public string ApiKey { get; set; } = {|RMP0003:"{{value}}"|};
            }
            """);
    }

    [Fact]
    public async Task A_dotted_protocol_name_given_to_a_token_type_is_not_a_secret_and_a_key_is()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            enum ImapTokenType { Atom, Flag }

            sealed class ImapToken
            {
                public ImapToken(ImapTokenType type, object value) { }

                static readonly ImapToken Size = new ImapToken(ImapTokenType.Atom, "RFC822.SIZE");
                static readonly ImapToken Peek = new ImapToken(ImapTokenType.Atom, "BODY.PEEK");
            }

            class Settings
            {
                public string ApiKey { get; set; } = {|RMP0003:"JBSWY3DPEHPK3PXP.Q7RT2ZK"|};
            }
            """);
    }

    [Fact]
    public async Task A_value_spelled_from_its_own_name_is_not_a_secret_and_one_with_its_own_words_or_digits_is()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class OAuth
            {
                public string ConsumerKey { get; set; } = "my@consumer!key";
                public string ApiSecret { get; set; } = "Api-Secret!";
                public string ConsumerSecret { get; set; } = {|RMP0003:"my@consumer!key9Zq"|};
                public string TokenSecret { get; set; } = {|RMP0003:"Zebra!Quartz@Mingle#Token"|};
            }
            """);
    }
}
