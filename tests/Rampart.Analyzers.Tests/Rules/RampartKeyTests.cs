using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class RampartKeyTests
{
    private static readonly string Key = TestSecrets.RampartKey();

    [Theory]
    [InlineData("rmp", "live")]
    [InlineData("acme", "test")]
    [InlineData("x9", "live")]
    [InlineData("abcdefghijkl", "test")]
    public async Task A_checksum_valid_key_of_any_prefix_is_reported(string prefix, string environment)
    {
        var key = TestSecrets.RampartKey(prefix, environment, seed: prefix.Length);
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string k = {|RMP0001:"{{key}}"|};
            }
            """);
    }

    [Fact]
    public async Task Every_form_of_literal_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$""""
            using System;
            [AttributeUsage(AttributeTargets.All)]
            class KeyAttribute(string key) : Attribute { }

            [Key({|RMP0001:"{{Key}}"|})]
            class C
            {
                const string Part = "{{Key[..20]}}";
                string verbatim = {|RMP0001:@"{{Key}}"|};
                string raw = {|RMP0001:"""{{Key}}"""|};
                string multiLineRaw = {|RMP0001:"""
                    {{Key}}
                    """|};
                ReadOnlySpan<byte> Utf8 => {|RMP0001:"{{Key}}"u8|};
                string Header(string user) => $"{|RMP0001:Bearer {{Key}} for |}{user}";
                string concatenated = {|RMP0001:Part + "{{Key[20..]}}"|};
                string literalsOnly = {|RMP0001:"{{Key[..30]}}" + "{{Key[30..]}}"|};
            }
            """");
    }

    [Fact]
    public async Task A_key_inside_a_longer_text_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string header = {|RMP0001:"Authorization: Bearer {{Key}}"|};
            }
            """);
    }

    [Fact]
    public async Task A_key_with_a_wrong_checksum_is_not_reported()
    {
        var broken = Key[..^1] + (Key[^1] == 'a' ? 'b' : 'a');
        var malformed = Key.Replace("_live_", "_prod_");
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string a = "{{broken}}";
                string b = "{{malformed}}";
                string c = "{{Key}}x";
                string d = "rmp_live_";
            }
            """);
    }
}
