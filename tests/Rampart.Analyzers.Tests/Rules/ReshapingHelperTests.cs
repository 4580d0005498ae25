using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A helper named for making a value safe ("Sanitise", "Sanitize") is judged by its body when the body is in
/// the same type: one that only trims or re-cases its parameter masks nothing, so its argument is what is logged.
/// </summary>
public class ReshapingHelperTests
{
    [Fact]
    public async Task A_sanitise_helper_that_only_trims_and_lower_cases_logs_its_argument()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            class C
            {
                private readonly ILogger _logger = null!;
                private static string Sanitise(string value) => value.Trim().ToLowerInvariant();
                private static string Sanitize(string value) { return value.ToUpperInvariant(); }

                void Unsubscribe(string email, string phoneNumber)
                {
                    _logger.LogInformation("Unsubscribed {Email}", {|RMP0008:Sanitise(email)|});
                    _logger.LogInformation("Unsubscribed {Phone}", {|RMP0008:Sanitize(phoneNumber)|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_sanitise_helper_that_masks_or_whose_body_is_not_seen_is_taken_at_its_word()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            class C
            {
                private readonly ILogger _logger = null!;
                private static string Sanitise(string value) => value.Length > 2 ? value[..2] + "***" : "***";
                private static string MaskEmail(string value) => "***@" + value.Split('@')[1];

                void Unsubscribe(string email)
                {
                    _logger.LogInformation("Unsubscribed {Email}", Sanitise(email));
                    _logger.LogInformation("Unsubscribed {Email}", MaskEmail(email));
                    _logger.LogInformation("Unsubscribed {Email}", Redaction.Sanitize(email));
                }
            }

            static class Redaction
            {
                public static string Sanitize(string value) => value.Trim();
            }
            """);
    }
}
