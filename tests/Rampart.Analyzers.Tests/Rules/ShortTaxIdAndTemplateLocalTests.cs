using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A country's short tax id ("Sin", "Ni") counts on a person's type only, and a local named "email" that
/// holds a template's id is no address.
/// </summary>
public class ShortTaxIdAndTemplateLocalTests
{
    [Fact]
    public Task Short_tax_ids_on_person_types_are_reported_and_on_other_types_they_are_not()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            sealed record PayrollEmployee(int EmployeeNo, string Name, string Sin, string Province);
            sealed record Angle(double Sin, double Cos);

            sealed class C
            {
                void M(ILogger logger, PayrollEmployee e, Angle a)
                {
                    logger.LogInformation("Employee {No} SIN {Sin}", e.EmployeeNo, {|RMP0008:e.Sin|});
                    logger.LogInformation("Angle {Sin}", a.Sin);
                }
            }
            """);

    [Fact]
    public Task A_local_named_email_made_from_a_template_id_is_not_an_address_and_one_made_from_an_address_is()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            sealed class User { public string Email { get; set; } = ""; }

            sealed class C
            {
                void Queue(ILogger logger, string templateKey, User user, string domain)
                {
                    var email = $"tpl-{templateKey}-v3";
                    logger.LogInformation("Queued email {Email}", email);
                    var address = user.Email;
                    var email2 = $"{address}";
                    logger.LogInformation("To {Email}", {|RMP0008:email2|});
                    var email1 = $"{templateKey}@{domain}";
                    logger.LogInformation("From {Email}", {|RMP0008:email1|});
                }
            }
            """);
}
