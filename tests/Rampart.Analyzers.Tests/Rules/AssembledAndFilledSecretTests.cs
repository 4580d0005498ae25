using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Secrets assembled from literal-holding locals under a secret name, SecureStrings filled from a
/// literal, Azure Functions function keys, and short or base32 secrets under their names.
/// </summary>
public class AssembledAndFilledSecretTests
{
    [Fact]
    public async Task A_secret_named_local_joined_from_literal_locals_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                string WebhookSecret()
                {
                    var part1 = "uU2026RcS6MIlLkp";
                    var part2 = "Cf1VdcN1NpUd5hxI";
                    var webhookSecret = {|RMP0003:part1 + part2|};
                    return webhookSecret;
                }

                string Label()
                {
                    var part1 = "uU2026RcS6MIlLkp";
                    var part2 = "Cf1VdcN1NpUd5hxI";
                    var cacheLabel = part1 + part2;
                    return cacheLabel;
                }

                string Reassigned(bool rotate, string tail)
                {
                    var part1 = "uU2026RcS6MIlLkp";
                    if (rotate) part1 = tail;
                    var part2 = "Cf1VdcN1NpUd5hxI";
                    var webhookSecret = part1 + part2;
                    var apiSecret = part2 + tail;
                    return webhookSecret + apiSecret;
                }
            }
            """);
    }

    [Fact]
    public async Task A_SecureString_filled_from_a_literal_is_reported_and_other_loops_over_literals_are_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System.Text;

            class C
            {
                System.Security.SecureString RemotingPassword()
                {
                    var secure = new System.Security.SecureString();
                    foreach (var c in {|RMP0003:"*64zUMo#@t0Ig5u#"|}) secure.AppendChar(c);
                    secure.MakeReadOnly();
                    return secure;
                }

                string Spaced()
                {
                    var builder = new StringBuilder();
                    foreach (var c in "*64zUMo#@t0Ig5u#") builder.Append(c).Append(' ');
                    return builder.ToString();
                }
            }
            """);
    }

    [Fact]
    public async Task A_function_key_is_a_secret_and_a_keyboards_function_key_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                private const string ExpectedFunctionKey = {|RMP0003:"A_DNRQ101rr5IqcOAK98i-tgsKEK1ZyCuK2z0e_P5DQhp9yNLg3ExJ=="|};
                private const string HelpFunctionKey = "F1";
                private const string FunctionKeyHeader = "x-functions-key";

                bool Authorised(string header) => header == ExpectedFunctionKey;
            }
            """);
    }

    [Fact]
    public async Task A_feeds_pat_and_a_short_generated_password_are_reported_and_a_pattern_or_a_dummy_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class Box { public string Password { get; set; } }
            class C
            {
                private const string FeedPat = {|RMP0003:"heauk7xjzx73b3dsw2imhzt6p5kg253zgpai5cyy7pdcgc72b7an"|};
                private const string RoutePat = "heauk7xjzx73b3dsw2imhzt6p5kg253zgpai5cyy7pdcgc72b7an";

                void Prefill(Box box, Box other)
                {
                    const string maintenancePassword = {|RMP0003:"nqUuKvB_LzD8"|};
                    box.Password = maintenancePassword;
                    other.Password = "card_token_123";
                }
            }
            """);
    }
}
