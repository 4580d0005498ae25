using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A literal compared with a secret-named value is that secret written in the code: by a pattern
/// (<c>is</c>, a switch's arm or case), by <c>Equals</c>, or by <c>==</c> on the value's text.
/// </summary>
public class ComparedSecretTests
{
    private const string Token = "yzid1FgDmihtp0Y0yWx0rUcOf00GFruQ";

    [Theory]
    [InlineData("request.Headers[\"X-Admin-Token\"].ToString() is {|RMP0003:\"" + Token + "\"|}")]
    [InlineData("adminToken is not {|RMP0003:\"" + Token + "\"|}")]
    [InlineData("adminToken is {|RMP0003:\"" + Token + "\"|} or \"none\"")]
    [InlineData("request.Headers[\"X-Admin-Token\"].ToString() == {|RMP0003:\"" + Token + "\"|}")]
    [InlineData("adminToken?.Trim() == {|RMP0003:\"" + Token + "\"|}")]
    [InlineData("adminToken!.Equals({|RMP0003:\"" + Token + "\"|}, StringComparison.Ordinal)")]
    [InlineData("string.Equals(adminToken, {|RMP0003:\"" + Token + "\"|})")]
    [InlineData("adminToken switch { {|RMP0003:\"" + Token + "\"|} => true, _ => false }")]
    [InlineData("request is { ApiKey: {|RMP0003:\"" + Token + "\"|} }")]
    public async Task A_literal_compared_with_a_secret_named_value_is_reported(string condition)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.Collections.Generic;
            class Request
            {
                public Dictionary<string, string> Headers { get; } = new();
                public string? ApiKey { get; set; }
            }
            class C
            {
                static bool Allowed(Request request, string? adminToken) => {{condition}};
            }
            """);
    }

    [Fact]
    public async Task A_case_label_of_a_switch_on_a_secret_named_value_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                static int Role(string apiKey)
                {
                    switch (apiKey)
                    {
                        case {|RMP0003:"{{Token}}"|}:
                            return 1;
                        default:
                            return 0;
                    }
                }
            }
            """);
    }

    [Theory]
    // Compared with what is no secret, or with a scheme or mode word.
    [InlineData("request.Headers[\"X-Request-Id\"].ToString() is \"" + Token + "\"")]
    [InlineData("tokenType is \"Bearer\" or \"DPoP\"")]
    [InlineData("adminToken is \"undefined\"")]
    [InlineData("mode switch { \"" + Token + "\" => true, _ => false }")]
    [InlineData("string.Equals(mode, \"" + Token + "\")")]
    public async Task Literals_compared_with_other_values_are_not_reported(string condition)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.Collections.Generic;
            class Request
            {
                public Dictionary<string, string> Headers { get; } = new();
            }
            class C
            {
                static bool Allowed(Request request, string? adminToken, string tokenType, string mode) => {{condition}};
            }
            """);
    }
}
