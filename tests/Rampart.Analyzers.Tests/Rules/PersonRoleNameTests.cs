using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>The plain <c>Name</c> of a type that is one person, next to types that are groups or things.</summary>
public class PersonRoleNameTests
{
    [Fact]
    public async Task The_name_of_a_person_typed_value_is_reported_and_other_names_are_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                sealed class Employee { public string Name { get; set; } = ""; public decimal Salary { get; set; } }
                sealed class PatientDto { public string Name { get; set; } = ""; }
                sealed class EmployeeGroup { public string Name { get; set; } = ""; }
                sealed class CustomerSegment { public string Name { get; set; } = ""; }
                sealed class Department { public string Name { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, Employee employee, PatientDto patient, EmployeeGroup group, CustomerSegment segment, Department department)
                    {
                        logger.LogInformation("{Name} salary set to {Salary}", {|RMP0008:employee.Name|}, {|RMP0008:employee.Salary|});
                        logger.LogInformation("Checked in {Patient}", {|RMP0008:patient.Name|});
                        logger.LogInformation("Group {Group}", group.Name);
                        logger.LogInformation("Segment {Segment}", segment.Name);
                        logger.LogInformation("Department {Department}", department.Name);
                    }
                }
            }
            """);
    }
}

/// <summary>Health data named by a type's member, next to the same words on other types.</summary>
public class HealthMemberTests
{
    [Fact]
    public async Task Health_members_are_reported_and_the_same_words_elsewhere_are_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                sealed record WorkoutLogged(Guid UserId, int? HeartRateAvg, double? WeightKg, double HeartRate);
                sealed record Appointment(Guid Id, string Reason, string Diagnosis);
                sealed record Parcel(Guid Id, double WeightKg);
                sealed record RetryAttempt(int Attempt, string Reason);

                class C
                {
                    void M(ILogger logger, WorkoutLogged w, Appointment a, Parcel p, RetryAttempt r, int heartRate)
                    {
                        logger.LogInformation("User {UserId} heart rate {HeartRate}", w.UserId, {|RMP0008:w.HeartRate|});
                        logger.LogInformation("User {UserId} weighed {WeightKg}", w.UserId, {|RMP0008:w.WeightKg|});
                        logger.LogInformation("Visit {Id} {Reason} {Diagnosis}", a.Id, {|RMP0008:a.Reason|}, {|RMP0008:a.Diagnosis|});
                        logger.LogInformation("Parcel {Id} {WeightKg}", p.Id, p.WeightKg);
                        logger.LogInformation("Retry {Attempt} {Reason}", r.Attempt, r.Reason);
                        logger.LogInformation("Heart {HeartRate}", {|RMP0008:heartRate|});
                    }
                }
            }
            """);
    }
}
