using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Text built on the way to a log: a StringBuilder's appended values, the arm a switch expression selects,
/// and key-value pairs built into a local before they are given to a scope.
/// </summary>
public class BuiltAndSelectedValuesTests
{
    [Fact]
    public async Task A_string_builder_logs_what_was_appended_to_it()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Text;
                using Microsoft.Extensions.Logging;

                sealed class Booking { public string PassengerEmail { get; set; } = ""; public string Flight { get; set; } = ""; public int Seats { get; set; } }

                class C
                {
                    void Chained(ILogger logger, Booking booking)
                    {
                        var line = new StringBuilder().Append("Pass for ").Append(booking.PassengerEmail).Append(" on ").Append(booking.Flight);
                        logger.LogInformation({|RMP0008:line.ToString()|});
                    }

                    void Statements(ILogger logger, Booking booking, Demo.Plain plain)
                    {
                        var text = new StringBuilder();
                        text.AppendLine("Booking");
                        text.AppendFormat("{0} seats for {1}", booking.Seats, plain.Email);
                        logger.LogInformation("Summary {Summary}", {|RMP0007:text|});
                    }

                    void Interpolated(ILogger logger, Booking booking)
                    {
                        var text = new StringBuilder();
                        text.Append($"Contact {booking.PassengerEmail}");
                        logger.LogInformation($"Built {{|RMP0008:text|}}");
                    }

                    void Clean(ILogger logger, Booking booking, string printerQueue)
                    {
                        var line = new StringBuilder().Append("Pass for ").Append(booking.Flight).Append(" sent to ").Append(printerQueue);
                        logger.LogInformation(line.ToString());

                        var other = new StringBuilder("Seats: ");
                        other.Append(booking.Seats).Append(' ', 3);
                        logger.LogInformation("Seats {Line}", other);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_switch_expression_logs_whichever_arm_it_selects()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class C
                {
                    void Send(ILogger logger, string channel, string tenantEmail, string tenantPhone, int status)
                    {
                        var destination = channel switch { "sms" => tenantPhone, "email" => tenantEmail, _ => tenantEmail };
                        logger.LogInformation("Notice to {Destination}", {|RMP0008:destination|});

                        logger.LogInformation("Notice to {Destination}", channel switch { "sms" => {|RMP0008:tenantPhone|}, _ => "none" });

                        var label = status switch { 0 => "queued", 1 => "delivered", _ => channel };
                        logger.LogInformation("Notice {Label}", label);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Pairs_built_into_a_local_and_a_key_value_tuple_are_judged_under_their_keys()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.Collections.Generic;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void Send(ILogger logger, string clientEmail, string matterNumber, Guid clientId, string value)
                    {
                        KeyValuePair<string, object?>[] state = [new("ClientEmail", clientEmail), new("Matter", matterNumber)];
                        using (logger.BeginScope({|RMP0008:state|}))
                        {
                            logger.LogInformation("Letter sent");
                        }

                        KeyValuePair<string, object?>[] ids = [new("ClientId", clientId), new("Matter", matterNumber)];
                        using (logger.BeginScope(ids))
                        {
                            logger.LogInformation("Letter sent");
                        }

                        using (logger.BeginScope(("Email", {|RMP0008:value|})))
                        {
                            logger.LogInformation("Letter sent");
                        }

                        using (logger.BeginScope(("MatterNumber", value)))
                        {
                            logger.LogInformation("Letter sent");
                        }

                        using (logger.BeginScope((clientId, matterNumber)))
                        {
                            logger.LogInformation("Letter sent");
                        }
                    }
                }
            }
            """);
    }
}
