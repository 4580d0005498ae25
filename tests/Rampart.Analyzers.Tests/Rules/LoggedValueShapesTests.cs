using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Shapes real code logs personal data in: tuple elements, claims found by a query, mail addresses,
/// sign-in and session cookies, records logged whole by a [LoggerMessage] method, and text joined
/// from concatenated parts. Each comes with the neighbour that keeps its verdict.
/// </summary>
public class LoggedValueShapesTests
{
    [Fact]
    public async Task Named_tuple_elements_are_judged_by_their_names()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, (string Phone, int Attempts) entry, (string, int) unnamed)
                    {
                        var message = (CustomerEmail: "from-queue", OrderId: 42);
                        logger.LogInformation("Retrying {Phone} after {Attempts}", {|RMP0008:entry.Phone|}, entry.Attempts);
                        logger.LogInformation("Receipt to {Email} for {OrderId}", {|RMP0008:message.CustomerEmail|}, message.OrderId);
                        logger.LogInformation("Unnamed {Value}", unnamed.Item1);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Claims_found_by_type_in_a_query_are_judged_by_the_claim_type()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System.Linq;
                using System.Security.Claims;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, ClaimsPrincipal principal)
                    {
                        logger.LogInformation("Welcome {Name}", {|RMP0008:principal.Claims.FirstOrDefault(c => c.Type == "given_name")?.Value|});
                        logger.LogInformation("Mail {Email}", {|RMP0008:principal.Claims.First(c => ClaimTypes.Email == c.Type).Value|});
                        logger.LogInformation("Tenant {Tenant}", principal.Claims.FirstOrDefault(c => c.Type == "tenant_id")?.Value);
                        logger.LogInformation("Role {Role}", principal.Claims.FirstOrDefault(c => c.Type == ClaimTypes.Role)?.Value);
                        logger.LogInformation("Claims {Count}", principal.Claims.Count(c => c.Type == ClaimTypes.Email));
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Mail_senders_and_recipients_are_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System.Net.Mail;
                using Microsoft.Extensions.Logging;

                sealed class SmtpOptions { public string FromAddress { get; set; } = ""; public string Host { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, string fromAddress, string replyToAddress, string subject, MailMessage message, MailAddress sender, SmtpOptions options)
                    {
                        logger.LogInformation("Mail from {From}: {Subject}", {|RMP0008:fromAddress|}, subject);
                        logger.LogInformation("Reply to {ReplyTo}", {|RMP0008:replyToAddress|});
                        logger.LogInformation("Sending {Subject} to {To}", message.Subject, {|RMP0008:message.To|});
                        logger.LogInformation("From {Sender}", {|RMP0008:sender|});
                        logger.LogInformation("Recipients {Count}", message.To.Count);
                        logger.LogInformation("Sender domain {Host}", sender.Host);
                        logger.LogInformation("Relay {Host} as {From}", options.Host, options.FromAddress);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Sign_in_and_session_cookie_values_are_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, HttpRequest request)
                    {
                        logger.LogDebug("Session {Session}", {|RMP0008:request.Cookies[".AspNetCore.Identity.Application"]|});
                        logger.LogDebug("Session {Session}", {|RMP0008:request.Cookies[".AspNetCore.Session"]|});
                        logger.LogDebug("Session {Session}", {|RMP0008:request.Cookies["app_session_id"]|});
                        logger.LogDebug("Culture {Culture}", request.Cookies[".AspNetCore.Culture"]);
                        logger.LogDebug("Theme {Theme}", request.Cookies["theme"]);
                        logger.LogDebug("Has session {Has}", request.Cookies.ContainsKey(".AspNetCore.Session"));
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_record_logged_whole_by_a_LoggerMessage_method_is_reported_on_its_declaration()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                public sealed record CustomerSummary(Guid Id, string Email, string DisplayName, int Orders);

                public sealed record Device(Guid Id, string Model, string OsVersion);

                static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Debug, "Customer loaded {Customer}")]
                    public static partial void Loaded(ILogger logger, CustomerSummary {|RMP0008:customer|});

                    [LoggerMessage(2, LogLevel.Debug, "Device seen {Device}")]
                    public static partial void Seen(ILogger logger, Device device);
                }

                class C
                {
                    void M(ILogger logger, CustomerSummary customer, Device device)
                    {
                        Log.Loaded(logger, customer);
                        Log.Seen(logger, device);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Parts_of_a_concatenated_projection_are_logged()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.Extensions.Logging;

                public sealed class Patient { public int Id { get; set; } public int WardId { get; set; } public string GivenName { get; set; } = ""; public string FamilyName { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, IEnumerable<Patient> patients, string email)
                    {
                        logger.LogInformation("On ward: {Names}", string.Join("; ", patients.Select(p => {|RMP0008:p.GivenName|} + " " + {|RMP0008:p.FamilyName|})));
                        logger.LogInformation("Contact {Contact}", "mailto:" + {|RMP0008:email|});
                        logger.LogInformation("Beds: {Beds}", string.Join(", ", patients.Select(p => p.WardId + "/" + p.Id)));
                    }
                }
            }
            """);
    }
}
