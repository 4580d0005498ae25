using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// [LogProperties] writes every public member, the base types' too, and the logging generator redacts
/// only members with a data classification: Identity's [PersonalData] members are written as they are.
/// </summary>
public class LogPropertiesIdentityTests
{
    [Fact]
    public async Task An_identity_user_or_a_type_with_personal_members_is_reported_on_the_declaration()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Demo;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.Logging;

                public sealed class ShopUser : IdentityUser
                {
                    [PersonalData] public bool MarketingOptIn { get; set; }
                }

                public sealed class KycRecord
                {
                    public Guid Id { get; set; }
                    [ProtectedPersonalData] public string NationalId { get; set; } = "";
                }

                static partial class Audit
                {
                    [LoggerMessage(40, LogLevel.Information, "User {User} updated")]
                    public static partial void UserUpdated(ILogger logger, [LogProperties] ShopUser {|RMP0007:user|});

                    [LoggerMessage(41, LogLevel.Information, "Record {Record} checked")]
                    public static partial void Checked(ILogger logger, [LogProperties] KycRecord {|RMP0007:record|});

                    [LoggerMessage(42, LogLevel.Information, "Person {Person}")]
                    public static partial void Seen(ILogger logger, [LogProperties] IdentityOnly {|RMP0007:person|});
                }

                class C
                {
                    // The declaration is reported once; its calls are not reported again.
                    void M(ILogger logger, ShopUser user) => Audit.UserUpdated(logger, user);
                }
            }
            """);
    }

    [Fact]
    public async Task Ids_flags_and_classified_members_under_LogProperties_stay_quiet()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Demo;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.Logging;

                public sealed class Consent
                {
                    [PersonalData] public Guid UserId { get; set; }
                    [PersonalData] public bool MarketingOptIn { get; set; }
                    [PrivateData] public string Email { get; set; } = "";
                    public string Channel { get; set; } = "";
                }

                static partial class Audit
                {
                    [LoggerMessage(43, LogLevel.Information, "Consent {Consent} changed")]
                    public static partial void ConsentChanged(ILogger logger, [LogProperties] Consent consent);
                }

                class C
                {
                    void M(ILogger logger, Consent consent, Customer customer)
                    {
                        Audit.ConsentChanged(logger, consent);
                        Log.CustomerSeen(logger, customer);
                    }
                }
            }
            """);
    }
}
