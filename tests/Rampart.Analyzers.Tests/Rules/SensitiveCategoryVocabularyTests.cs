using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Special categories by name: criminal records and the checks that disclose them, vital signs, biometric
/// templates and drug-test results; the counts, ids and settings named after them are not.
/// </summary>
public class SensitiveCategoryVocabularyTests
{
    [Fact]
    public Task Criminal_records_checks_vital_signs_biometrics_and_drug_tests_are_reported_and_counts_ids_and_settings_are_not()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            sealed class C
            {
                void Disclose(ILogger logger, string defendantName, string previousConvictions, string criminalRecord)
                    => logger.LogInformation("Disclosure for {Defendant}: {Convictions} {Record}", {|RMP0008:defendantName|}, {|RMP0008:previousConvictions|}, {|RMP0008:criminalRecord|});

                void Checked(ILogger logger, string volunteerName, string dbsCertificateNumber)
                    => logger.LogInformation("DBS {Certificate} verified for {Volunteer}", {|RMP0008:dbsCertificateNumber|}, {|RMP0008:volunteerName|});

                void Sample(ILogger logger, Guid athleteId, int heartRateBpm, double bloodOxygen, int systolic, double bloodGlucose)
                    => logger.LogDebug("Athlete {AthleteId} {HeartRate} {SpO2} {Bp} {Glucose}", athleteId, {|RMP0008:heartRateBpm|}, {|RMP0008:bloodOxygen|}, {|RMP0008:systolic|}, {|RMP0008:bloodGlucose|});

                void Enrol(ILogger logger, Guid memberId, byte[] faceTemplate, string fingerprintTemplate)
                    => logger.LogInformation("Face {Template} {Finger} for {MemberId}", {|RMP0008:Convert.ToBase64String(faceTemplate)|}, {|RMP0008:fingerprintTemplate|}, memberId);

                void Result(ILogger logger, string athleteName, string dopingResult)
                    => logger.LogWarning("Sample for {Athlete}: {Result}", {|RMP0008:athleteName|}, {|RMP0008:dopingResult|});

                void M(ILogger logger, Guid volunteerId, bool clear, string courtName, int documents, int heartRateZoneCount, string heartRateSensorId,
                    int convictionCount, Guid memberId, byte[] faceTemplate, string certificateThumbprint, string fingerprint, string tenantName, int bloodPressureUnits)
                {
                    logger.LogInformation("DBS check for {VolunteerId}: clear {Clear}", volunteerId, clear);
                    logger.LogInformation("Bundle of {Documents} documents filed at {Court}", documents, courtName);
                    logger.LogInformation("{Zones} zones from sensor {Sensor}, units {Units}", heartRateZoneCount, heartRateSensorId, bloodPressureUnits);
                    logger.LogInformation("{Count} convictions on file", convictionCount);
                    logger.LogInformation("Face template enrolled for {MemberId} ({Bytes} bytes)", memberId, faceTemplate.Length);
                    logger.LogInformation("Certificate {Thumbprint} {Fingerprint}", certificateThumbprint, fingerprint);
                    logger.LogInformation("Tenant {Tenant}", tenantName);
                }
            }
            """);
}
