using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>Values counted out in runs (digits and letters in order, up or down) are filler, not keys.</summary>
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
}
