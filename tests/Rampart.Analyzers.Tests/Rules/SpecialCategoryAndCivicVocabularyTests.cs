using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Special categories (orientation, religion, ethnicity, disability, politics, union, genetics, health), a
/// person's own text, income, votes, identity documents, tax ids and alarm codes by name, whether a string,
/// a flag or an enum; the ids, counts and settings named after them are not.
/// </summary>
public class SpecialCategoryAndCivicVocabularyTests
{
    [Fact]
    public Task Special_categories_are_reported_as_strings_flags_and_enums_and_ids_counts_and_settings_are_not()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            enum BloodType { A, B, O }
            sealed class Profile { public string SexualOrientation { get; set; } = ""; public string Religion { get; set; } = ""; public string Bio { get; set; } = ""; }
            sealed class Candidate { public bool HasDisability { get; set; } public string Ethnicity { get; set; } = ""; public string DisabilityDetails { get; set; } = ""; }
            sealed class Kit { public string Haplogroup { get; set; } = ""; public string EthnicityEstimate { get; set; } = ""; public string OwnerName { get; set; } = ""; }
            sealed class Building { public bool DisabilityAccessRamp { get; set; } public int ReligionCount { get; set; } }

            sealed class C
            {
                void Dating(ILogger logger, Profile p)
                    => logger.LogInformation("{O} {R} {B}", {|RMP0008:p.SexualOrientation|}, {|RMP0008:p.Religion|}, {|RMP0008:p.Bio|});

                void Monitoring(ILogger logger, Candidate c, BloodType bloodType, string partyMembership, string safeguardingNote, string journalText)
                {
                    logger.LogInformation("{D} {E} {Details}", {|RMP0008:c.HasDisability|}, {|RMP0008:c.Ethnicity|}, {|RMP0008:c.DisabilityDetails|});
                    logger.LogInformation("{Blood} {Party} {Note} {Journal}", {|RMP0008:bloodType|}, {|RMP0008:partyMembership|}, {|RMP0008:safeguardingNote|}, {|RMP0008:journalText|});
                }

                void Genetics(ILogger logger, Kit kit)
                    => logger.LogInformation("{H} {E} {Owner}", {|RMP0008:kit.Haplogroup|}, {|RMP0008:kit.EthnicityEstimate|}, {|RMP0008:kit.OwnerName|});

                void Clean(ILogger logger, Building b, Guid religionId, int disabilityCount, bool isReligiousHoliday, Guid partyId, int bioLength, string tradeUnionId)
                {
                    logger.LogInformation("{Ramp} {Count}", b.DisabilityAccessRamp, b.ReligionCount);
                    logger.LogInformation("{Religion} {Count} {Holiday} {Party} {Length} {Union}", religionId, disabilityCount, isReligiousHoliday, partyId, bioLength, tradeUnionId);
                }
            }
            """);

    [Fact]
    public Task Income_votes_identity_documents_tax_ids_and_alarm_codes_are_reported_and_their_counts_and_types_are_not()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            sealed class C
            {
                void Civic(ILogger logger, decimal grossIncome, string candidateChosen, string legalName, string taxpayerName, string documentNumber)
                    => logger.LogInformation("{I} {V} {L} {T} {D}", {|RMP0008:grossIncome|}, {|RMP0008:candidateChosen|}, {|RMP0008:legalName|}, {|RMP0008:taxpayerName|}, {|RMP0008:documentNumber|});

                void Ids(ILogger logger, string niNumber, string licenceNumber, string alarmCode, string nextOfKin)
                    => logger.LogInformation("{Ni} {Licence} {Alarm} {Kin}", {|RMP0008:niNumber|}, {|RMP0008:licenceNumber|}, {|RMP0008:alarmCode|}, {|RMP0008:nextOfKin|});

                void Clean(ILogger logger, int incomeBandCount, string documentType, int voteCount, string alarmZone, string taxYear, Guid ownerId)
                    => logger.LogInformation("{Band} {Type} {Votes} {Zone} {Year} {Owner}", incomeBandCount, documentType, voteCount, alarmZone, taxYear, ownerId);
            }
            """);
}
