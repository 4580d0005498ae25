using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>An enum named for a special category is personal data as a [LoggerMessage] parameter too; a level or status enum is not.</summary>
public class SpecialCategoryLoggerMessageTests
{
    [Fact]
    public Task A_blood_type_enum_given_to_a_LoggerMessage_method_is_reported()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            public enum BloodType { A, B, O }
            public enum Status { Open, Closed }
            public sealed class Patient { public Guid Id { get; set; } public BloodType BloodType { get; set; } public Status Status { get; set; } }

            static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "Crossmatch for {PatientId}, blood type {BloodType}, {Status}")]
                public static partial void Crossmatch(ILogger logger, Guid patientId, BloodType {|RMP0008:bloodType|}, Status status);

                public static void Request(ILogger logger, Patient p) => Crossmatch(logger, p.Id, p.BloodType, p.Status);
            }
            """);
}
