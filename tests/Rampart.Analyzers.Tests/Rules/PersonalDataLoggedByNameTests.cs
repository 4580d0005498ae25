using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class PersonalDataLoggedByNameTests
{
    [Fact]
    public async Task Values_named_like_personal_data_are_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                static partial class Audit
                {
                    [LoggerMessage(10, LogLevel.Information, "Registered {Email} {PhoneNumber} after {Attempts}")]
                    public static partial void Registered(ILogger logger, string {|RMP0008:email|}, string {|RMP0008:phoneNumber|}, int attempts);
                }

                class C
                {
                    void M(ILogger logger, HttpContext context, string email, string cardNumber, string iban, DateTime dateOfBirth, string ssn, string password, string homeAddress)
                    {
                        logger.LogInformation("Login {Email}", {|RMP0008:email|});
                        logger.LogInformation("Pay {Card} {Iban}", {|RMP0008:cardNumber|}, {|RMP0008:iban|});
                        logger.LogInformation("Born {Dob}", {|RMP0008:dateOfBirth|});
                        logger.LogInformation($"Ssn {{|RMP0008:ssn|}}");
                        logger.LogDebug("Password {P}", {|RMP0008:password|});
                        logger.LogDebug("Ship {A}", {|RMP0008:homeAddress|});
                        logger.LogDebug("Auth {Header}", {|RMP0008:context.Request.Headers["Authorization"]|});
                        logger.LogDebug("Auth {Header}", {|RMP0008:context.Request.Headers.Authorization|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Client_addresses_and_user_names_are_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Net;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, HttpContext context, string ipAddress, string userName, IPAddress client, string postalCode)
                    {
                        logger.LogInformation("From {Ip}", {|RMP0008:ipAddress|});
                        logger.LogInformation("User {User}", {|RMP0008:userName|});
                        logger.LogInformation("From {Ip}", {|RMP0008:client|});
                        logger.LogInformation("From {Ip}", {|RMP0008:context.Connection.RemoteIpAddress|});
                        logger.LogInformation("Zip {Zip}", {|RMP0008:postalCode|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Counts_flags_machine_addresses_and_classified_parameters_are_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Demo;
                using Microsoft.Extensions.Logging;

                sealed class FileEntry { public string FullName { get; set; } = ""; }

                static partial class Audit
                {
                    [LoggerMessage(10, LogLevel.Information, "Registered {Email} ({EmailCount})")]
                    public static partial void Registered(ILogger logger, [PrivateData] string email, int emailCount);
                }

                class C
                {
                    void M(ILogger logger, int emailCount, bool isEmailConfirmed, string serverIpAddress, System.Type type, FileEntry entry, string tokenEndpoint, string emailTemplate, string maskedEmail)
                    {
                        logger.LogInformation("Sent {Count}", emailCount);
                        logger.LogInformation("Confirmed {Confirmed}", isEmailConfirmed);
                        logger.LogInformation("Listening on {Ip}", serverIpAddress);
                        logger.LogInformation("Type {Type}", type.FullName);
                        logger.LogInformation("Path {Path}", entry.FullName);
                        logger.LogInformation("To {Email}", maskedEmail);
                        logger.LogInformation("Endpoint {E}", tokenEndpoint);
                        logger.LogInformation("Template {T}", emailTemplate);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Extra_words_come_from_the_editorconfig()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string patientNumber) => logger.LogInformation("P {P}", {|RMP0008:patientNumber|});
                }
            }
            """, "rampart.personal_data_words = patient");
    }
}
