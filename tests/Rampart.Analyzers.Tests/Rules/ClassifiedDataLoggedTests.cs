using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class ClassifiedDataLoggedTests
{
    [Fact]
    public async Task Classified_values_reaching_a_logger_unredacted_are_reported()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Collections.Generic;
                using Demo;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, User user, Customer customer, List<Customer> customers, Address address, Customer[] array)
                    {
                        logger.LogInformation("Signed in {Email}", {|RMP0007:user.Email|});
                        logger.LogWarning($"Phone {{|RMP0007:user.Phone|}}");
                        logger.LogError("Tax " + {|RMP0007:user.TaxNumber|} + " rejected");
                        logger.LogInformation("Customer {Customer}", {|RMP0007:customer|});
                        logger.LogInformation("Customers {Customers}", {|RMP0007:customers|});
                        logger.LogInformation("Customers {Customers}", {|RMP0007:array|});
                        logger.LogInformation("Ship to {Address}", {|RMP0007:address|});
                        logger.Log(LogLevel.Information, 0, "Details {A} {B}", user.Id, {|RMP0007:user.Email|});
                        using (logger.BeginScope({|RMP0007:user.Email|})) { }
                        Log.SignedIn(logger, {|RMP0007:user.Email|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Redacted_unclassified_and_opaque_values_are_not_reported()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Demo;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, User user, Customer customer, Plain plain, int count)
                    {
                        logger.LogInformation("Signed in {Id}", user.Id);
                        logger.LogInformation("Signed in {Id}", customer.Id);
                        logger.LogInformation("Count {Count}", count);
                        logger.LogInformation("Plain {Plain}", plain);
                        logger.LogInformation("Constant {Value}", "literal");
                        Log.SignedInRedacted(logger, user.Email);
                        Log.CustomerSeen(logger, customer);
                        Log.SignedIn(logger, user.Id);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_logger_message_parameter_of_a_classified_type_without_a_classification_is_reported()
    {
        // The compliance generator refuses such a parameter (LOGGEN035): the build this describes runs the plain one,
        // which redacts no classified parameter either, the shared model's included.
        var test = new RampartAnalyzerTest<LoggingAnalyzer> { TestCode = LoggingSources.Model + """

            namespace App
            {
                using Demo;
                using Microsoft.Extensions.Logging;

                static partial class AppLog
                {
                    [LoggerMessage(20, LogLevel.Information, "Customer {Customer} at {Address}")]
                    public static partial void Seen(ILogger logger, Customer {|RMP0007:customer|}, Address {|RMP0007:address|});

                    [LoggerMessage(21, LogLevel.Information, "Customer {Customer} at {Address}")]
                    public static partial void SeenWithProperties(ILogger logger, [LogProperties] Customer customer, [PrivateData] Address {|RMP0007:address|});
                }

                class C
                {
                    void M(ILogger logger, Customer customer, Address address) => AppLog.Seen(logger, customer, address);
                }
            }
            """ };
        test.ExpectedDiagnostics.Add(LoggingSources.ClassifiedParameterInPlainBuild());
        test.DisabledDiagnostics.Add("SYSLIB1015"); // the model's [LogProperties] parameter, which the plain generator asks to see in the template
        await test.RunAsync();
    }
}
