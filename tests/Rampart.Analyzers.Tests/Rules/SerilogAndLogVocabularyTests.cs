using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class SerilogAndLogVocabularyTests
{
    private const string Serilog = """
        namespace Serilog
        {
            public interface ILogger
            {
                void Information(string messageTemplate, params object[] propertyValues);
                void Warning<T>(string messageTemplate, T propertyValue);
            }

            public static class Log
            {
                public static void Information(string messageTemplate, params object[] propertyValues) { }
                public static void Warning<T>(string messageTemplate, T propertyValue) { }
                public static void CloseAndFlush() { }
            }
        }

        """;

    [Fact]
    public async Task Serilog_writes_are_logs()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Serilog + """
            class C
            {
                void M(Serilog.ILogger logger, string email, string phone, int attempts, string region)
                {
                    Serilog.Log.Information("Registered {Email} after {Attempts}", {|RMP0008:email|}, attempts);
                    Serilog.Log.Warning("SMS to {Phone} undeliverable", {|RMP0008:phone|});
                    logger.Information("Login {Email}", {|RMP0008:email|});
                    Serilog.Log.Information("Region {Region} after {Attempts}", region, attempts);
                    Serilog.Log.CloseAndFlush();
                }
            }
            """);
    }

    [Fact]
    public async Task Health_vehicle_location_and_one_time_credentials_are_reported_by_name()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Collections.Generic;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string insuranceNumber, string licensePlate, double lat, double lon, string accountHolder, string cardHolderName,
                        string prescriberName, string jwt, string otpCode, string resetLink, IEnumerable<string> recoveryCodes)
                    {
                        logger.LogInformation("Insurance {N}", {|RMP0008:insuranceNumber|});
                        logger.LogInformation("Entry {Plate}", {|RMP0008:licensePlate|});
                        logger.LogDebug("At {Lat} {Lon}", {|RMP0008:lat|}, {|RMP0008:lon|});
                        logger.LogInformation("Synced {Holder} {Card}", {|RMP0008:accountHolder|}, {|RMP0008:cardHolderName|});
                        logger.LogInformation("By {Prescriber}", {|RMP0008:prescriberName|});
                        logger.LogWarning("Invalid {Jwt}", {|RMP0008:jwt|});
                        logger.LogDebug("Otp {Otp} reset {Link}", {|RMP0008:otpCode|}, {|RMP0008:resetLink|});
                        logger.LogInformation("Codes {Codes}", string.Join(",", {|RMP0008:recoveryCodes|}));
                    }

                    void Clean(ILogger logger, string insuranceProvider, string plateCount, double latency, string holderType, string resetReason, int codeLength, string prescriptionId)
                    {
                        logger.LogInformation("{A} {B} {C} {D} {E} {F} {G}", insuranceProvider, plateCount, latency, holderType, resetReason, codeLength, prescriptionId);
                    }
                }
            }
            """);
    }
}
