using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>AWS Lambda's logger writes to CloudWatch Logs as it is: its messages and arguments are logged.</summary>
public class LambdaLoggerTests
{
    // The shape of Amazon.Lambda.Core's logging API that the rules read (newer versions take a template's arguments).
    private const string Lambda = """
        namespace Amazon.Lambda.Core
        {
            using System;

            public interface ILambdaLogger
            {
                void Log(string message);
                void LogLine(string message);
                void LogInformation(string message) { }
                void LogInformation(string message, params object[] args) { }
                void LogWarning(string message) { }
                void LogError(string message) { }
                void LogError(Exception exception, string message, params object[] args) { }
                void LogDebug(string message) { }
                void LogTrace(string message) { }
                void LogCritical(string message) { }
            }

            public interface ILambdaContext
            {
                string AwsRequestId { get; }
                ILambdaLogger Logger { get; }
            }

            public static class LambdaLogger
            {
                public static void Log(string message) { }
            }
        }

        namespace Tickets
        {
            using System;
            using Microsoft.Extensions.Compliance.Classification;

            public sealed class HealthDataAttribute : DataClassificationAttribute
            {
                public HealthDataAttribute() : base(new DataClassification("Sport", "Health")) { }
            }

            public sealed class TicketOrder
            {
                public Guid OrderId { get; init; }
                public string BuyerEmail { get; init; } = "";
                public string BuyerPhone { get; init; } = "";
                public int Quantity { get; init; }
                public string FixtureCode { get; init; } = "";
            }

            public sealed class AthleteReading
            {
                public Guid AthleteId { get; init; }
                [HealthData] public int RestingHeartRate { get; init; }
            }
        }

        """;

    [Fact]
    public Task Lambda_logger_writes_are_logs_and_ids_counts_and_the_request_id_stay_quiet()
        => Verify<LoggingAnalyzer>.AnalyzerAsync(Lambda + """
            namespace Tickets
            {
                using System;
                using Amazon.Lambda.Core;

                public sealed class Handlers
                {
                    public void Email(TicketOrder order, ILambdaContext context) => context.Logger.LogInformation("Tickets emailed to " + {|RMP0008:order.BuyerEmail|});

                    public void Sms(TicketOrder order, ILambdaContext context) => context.Logger.LogLine($"SMS ticket to {{|RMP0008:order.BuyerPhone|}}");

                    public void Template(TicketOrder order, ILambdaContext context) => context.Logger.LogInformation("Tickets for {Email}", {|RMP0008:order.BuyerEmail|});

                    public void FailedFor(TicketOrder order, Exception ex, ILambdaContext context) => context.Logger.LogError(ex, "Order for {Phone} failed", {|RMP0008:order.BuyerPhone|});

                    public void Reading(AthleteReading reading, ILambdaContext context) => context.Logger.Log($"Resting HR {{|RMP0007:reading.RestingHeartRate|}}");

                    public void Static(TicketOrder order) => LambdaLogger.Log("Buyer " + {|RMP0008:order.BuyerEmail|});

                    public void Order(TicketOrder order, ILambdaContext context) => context.Logger.LogInformation($"Order {order.OrderId}: {order.Quantity} x {order.FixtureCode}");

                    public void Count(System.Collections.Generic.IReadOnlyList<AthleteReading> readings, ILambdaContext context) => context.Logger.LogLine($"Processed {readings.Count} readings, request {context.AwsRequestId}");

                    public void Failed(string fixtureCode, Exception ex, ILambdaContext context) => context.Logger.LogError($"Fixture {fixtureCode} import failed: {ex.GetType().Name}");
                }
            }
            """);
}
