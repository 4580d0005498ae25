using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class PersonalDataLoggedByNameTests
{
    [Fact]
    public async Task Values_named_like_personal_data_are_reported()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

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
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

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
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

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
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

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

    [Fact]
    public async Task Objects_written_whole_claims_identities_and_define_delegates_are_reported()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.Collections.Generic;
                using System.Security.Claims;
                using System.Text.Json;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.Logging;

                public sealed class ShopperProfile { public Guid Id { get; set; } public string FirstName { get; set; } = ""; public string? DisplayName { get; set; } }
                public sealed record Signup(string Email, string Plan);

                static partial class Audit
                {
                    [LoggerMessage(20, LogLevel.Information, "Registered {Shopper}")]
                    public static partial void Registered(ILogger logger, [LogProperties] ShopperProfile {|RMP0008:shopper|});
                }

                class C
                {
                    private static readonly Action<ILogger, string, Exception?> Invited = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "Invited {Email}");

                    void M(ILogger logger, HttpContext context, IdentityUser user, ClaimsPrincipal principal, Signup signup, IConfiguration configuration, IReadOnlyList<string> recipientEmails, ShopperProfile shopper, string email)
                    {
                        logger.LogWarning("Locked {User}", {|RMP0008:user|});
                        logger.LogInformation("By {User}", {|RMP0008:context.User.Identity?.Name|});
                        logger.LogInformation("By {Email}", {|RMP0008:principal.FindFirst(ClaimTypes.Email)?.Value|});
                        logger.LogInformation("Body {Body}", {|RMP0008:JsonSerializer.Serialize(signup)|});
                        logger.LogDebug("Headers {Headers}", {|RMP0008:context.Request.Headers|});
                        logger.LogInformation("Db {Db}", {|RMP0008:configuration.GetConnectionString("Orders")|});
                        logger.LogInformation("To {To}", string.Join(", ", {|RMP0008:recipientEmails|}));
                        logger.LogInformation("Seen {Name}", {|RMP0008:shopper.DisplayName|});
                        logger.LogInformation("Via {For}", {|RMP0008:context.Request.Headers["X-Forwarded-For"]|});
                        Invited(logger, {|RMP0008:email|}, null);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Their_safe_neighbours_stay_quiet()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.Collections.Generic;
                using System.Security.Claims;
                using System.Text.Json;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                public sealed class Classified { public Guid Id { get; set; } [Demo.PrivateData] public string Email { get; set; } = ""; public int Orders { get; set; } }
                public sealed record Placed(Guid OrderId, decimal Amount);
                public sealed class Widget { public string DisplayName { get; set; } = ""; }

                static partial class Audit
                {
                    [LoggerMessage(21, LogLevel.Information, "Updated {Customer}")]
                    public static partial void Updated(ILogger logger, [LogProperties] Classified customer);
                }

                class C
                {
                    private static readonly Action<ILogger, Guid, Exception?> Invited = LoggerMessage.Define<Guid>(LogLevel.Information, new EventId(1), "Invited {Id}");

                    void M(ILogger logger, HttpContext context, ClaimsPrincipal principal, Placed placed, IReadOnlyList<string> productNames, Widget widget, Guid id)
                    {
                        logger.LogInformation("By {Subject}", principal.FindFirst("sub")?.Value);
                        logger.LogInformation("Body {Body}", JsonSerializer.Serialize(placed));
                        logger.LogInformation("Products {Names}", string.Join(", ", productNames));
                        logger.LogInformation("Widget {Name}", widget.DisplayName);
                        logger.LogInformation("Type {Type}", GetType().FullName);
                        Invited(logger, id, null);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task National_ids_locations_names_of_people_and_either_branch_of_a_choice_are_reported()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string nhsNumber, double latitude, double longitude, string customerName, string patient_name, bool found, string email)
                    {
                        logger.LogInformation("Patient {Nhs}", {|RMP0008:nhsNumber|});
                        logger.LogInformation("At {Lat},{Lon}", {|RMP0008:latitude|}, {|RMP0008:longitude|});
                        logger.LogInformation(string.Concat("Order confirmation for ", {|RMP0008:customerName|}));
                        logger.LogInformation("Seen {Name}", {|RMP0008:patient_name|});
                        logger.LogInformation("Lookup {Email}", found ? {|RMP0008:email|} : "-");
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Names_of_things_and_choices_between_constants_stay_quiet()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string productName, string memberName, string accountName, string clientName, string customerId, bool found, string nhsRegion)
                    {
                        logger.LogInformation("Product {Name} {Member} {Account} {Client}", productName, memberName, accountName, clientName);
                        logger.LogInformation(string.Concat("Order for ", customerId));
                        logger.LogInformation("Lookup {Result}", found ? "hit" : "miss");
                        logger.LogInformation("Region {Region}", nhsRegion);
                    }
                }
            }
            """);
    }
}
