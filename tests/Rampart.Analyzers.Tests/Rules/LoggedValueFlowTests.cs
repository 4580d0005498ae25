using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>Values logged under a neutral name, followed to what they were made from, next to values made safe on the way.</summary>
public class LoggedValueFlowTests
{
    [Fact]
    public async Task A_local_with_a_neutral_name_is_judged_by_its_initializer()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                sealed class Recipient { public string Email { get; set; } = ""; public string Id { get; set; } = ""; }
                sealed class Member { public string FirstName { get; set; } = ""; public string LastName { get; set; } = ""; public string Plan { get; set; } = ""; }

                class C
                {
                    static string Mask(string value) => new string('*', value.Length);

                    void M(ILogger logger, Recipient recipient, Member member, Demo.Plain plain)
                    {
                        var to = recipient.Email;
                        logger.LogInformation("Notifying {To}", {|RMP0008:to|});

                        var who = $"{member.FirstName} {member.LastName}";
                        logger.LogInformation("Greeted {Who}", {|RMP0008:who|});

                        var destination = plain.Email;
                        logger.LogInformation("Shipping to {Destination}", {|RMP0007:destination|});

                        var id = recipient.Id;
                        logger.LogInformation("Notifying {Id}", id);

                        var plan = member.Plan;
                        logger.LogInformation("Plan {Plan}", plan);

                        var masked = recipient.Email;
                        logger.LogInformation("Notifying {To}", masked);

                        var shown = Mask(recipient.Email);
                        logger.LogInformation("Notifying {To}", shown);

                        var count = $"{member.Plan} x2";
                        logger.LogInformation("Plan {Plan}", count);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_helper_of_the_same_type_that_formats_the_line_is_followed_and_a_masking_one_is_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                sealed record ContactForm(string Name, string Email, string Message, string Topic);

                class C
                {
                    void M(ILogger logger, ContactForm form)
                    {
                        logger.LogInformation({|RMP0008:Describe(form)|});
                        logger.LogInformation("Topic {Topic}", Topic(form));
                        logger.LogInformation("From {From}", MaskSender(form));
                    }

                    private static string Describe(ContactForm form) => $"Message from {form.Name} <{form.Email}>";

                    private static string Topic(ContactForm form)
                    {
                        return form.Topic.ToUpperInvariant();
                    }

                    private static string MaskSender(ContactForm form) => form.Email.Substring(0, 1) + "***";
                }
            }
            """);
    }

    [Fact]
    public async Task Exception_messages_built_from_personal_data_are_logged_with_the_exception()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                sealed class Member { public string Email { get; set; } = ""; public int Id { get; set; } }
                sealed record KycCheck(Guid CustomerId, string PassportNumber);

                class C
                {
                    void Lookup(ILogger logger, Member member)
                    {
                        try { throw new InvalidOperationException($"No account for {member.Email}"); }
                        catch (InvalidOperationException ex) { logger.LogError({|RMP0008:ex|}, "Lookup failed"); }
                    }

                    void LookupById(ILogger logger, Member member)
                    {
                        try { throw new InvalidOperationException($"No account {member.Id}"); }
                        catch (InvalidOperationException ex) { logger.LogError(ex, "Lookup failed"); }
                    }

                    void Kyc(ILogger logger, KycCheck check)
                    {
                        var ex = new ArgumentException("Passport " + check.PassportNumber + " is expired");
                        logger.LogWarning("KYC rejected: {Reason}", {|RMP0008:ex.Message|});

                        var other = new ArgumentException("Customer " + check.CustomerId + " is expired", nameof(check));
                        logger.LogWarning("KYC rejected: {Reason}", other.Message);
                    }

                    void Merge(ILogger logger, Member member)
                    {
                        logger.LogError(new InvalidOperationException("Duplicate member " + {|RMP0008:member.Email|}), "Merge failed");
                        logger.LogError(new InvalidOperationException("Duplicate member " + member.Id), "Merge failed");
                    }

                    void Caught(ILogger logger, Action work)
                    {
                        try { work(); }
                        catch (Exception ex) { logger.LogError(ex, "Work failed"); }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Tuples_request_bodies_and_the_account_name_are_logged_values()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.IO;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                sealed class Member { public string FirstName { get; set; } = ""; public string Email { get; set; } = ""; public int Id { get; set; } public string Plan { get; set; } = ""; }

                class C
                {
                    void Pair(ILogger logger, Member member)
                    {
                        logger.LogInformation("Owner {Owner}", ({|RMP0008:member.FirstName|}, {|RMP0008:member.Email|}));
                        logger.LogInformation("Owner {Owner}", (member.Id, member.Plan));
                    }

                    async Task Body(ILogger logger, HttpRequest request, Stream file)
                    {
                        using var reader = new StreamReader(request.Body);
                        var body = await reader.ReadToEndAsync();
                        logger.LogDebug("Body {Body}", {|RMP0008:body|});

                        using var inline = new StreamReader(request.Body);
                        logger.LogDebug("Body {Body}", {|RMP0008:await inline.ReadToEndAsync()|});

                        using var template = new StreamReader(file);
                        logger.LogDebug("Template {Template}", await template.ReadToEndAsync());
                    }

                    void Start(ILogger logger)
                    {
                        logger.LogInformation("Started by {User}", {|RMP0008:Environment.UserName|});
                        logger.LogInformation("Started on {Machine}", Environment.MachineName);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Headers_and_arrays_passed_as_the_arguments_themselves_are_destructured()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Net.Http;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                sealed record Order(int Id, decimal Total);

                class C
                {
                    void M(ILogger logger, HttpRequest request, HttpRequestMessage outgoing, Demo.Plain[] customers, Order[] orders)
                    {
                        logger.LogTrace("Headers {@Headers}", {|RMP0008:request.Headers|});
                        logger.LogTrace("Outgoing {Uri} with {Auth}", outgoing.RequestUri, {|RMP0008:outgoing.Headers.Authorization?.ToString()|});
                        logger.LogTrace("Outgoing {Uri} with {Accept}", outgoing.RequestUri, outgoing.Headers.Accept.ToString());
                        logger.LogDebug("Batch {@Customers}", {|RMP0007:customers|});
                        logger.LogDebug("Batch {@Orders}", orders);
                    }
                }
            }
            """);
    }
}

/// <summary>Names of people in roles, full names beside what only a person has, and health words, next to look-alikes.</summary>
public class PersonalVocabularyTests
{
    [Fact]
    public async Task People_in_roles_and_full_names_of_people_are_reported_and_things_are_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                sealed class Rider { public Guid Id { get; set; } public string Name { get; set; } = ""; }
                sealed class Driver { public string Name { get; set; } = ""; }
                sealed class Guardian { public string Name { get; set; } = ""; }
                sealed class RiderGroup { public string Name { get; set; } = ""; }
                sealed class DriverPool { public string Name { get; set; } = ""; }
                sealed record SignupRequest(string Email, string Password, string FullName);
                sealed record PluginInfo(string FullName, string Version);
                sealed record BuildArtifact(string FullName, string Checksum, string Owner);

                class C
                {
                    void M(ILogger logger, Rider rider, Driver driver, Guardian guardian, RiderGroup group, DriverPool pool,
                        SignupRequest request, PluginInfo plugin, BuildArtifact artifact, string guardianName, string tenantName, string parentName)
                    {
                        logger.LogInformation("Ticket opened by {RiderName}", {|RMP0008:rider.Name|});
                        logger.LogInformation("Assigned {Driver}", {|RMP0008:driver.Name|});
                        logger.LogInformation("Consent by {Guardian}", {|RMP0008:guardian.Name|});
                        logger.LogInformation("Consent by {Guardian}", {|RMP0008:guardianName|});
                        logger.LogInformation("Group {Group}", group.Name);
                        logger.LogInformation("Pool {Pool}", pool.Name);
                        logger.LogInformation("Account created for {FullName}", {|RMP0008:request.FullName|});
                        logger.LogInformation("Loaded {Plugin}", plugin.FullName);
                        logger.LogInformation("Built {Artifact}", artifact.FullName);
                        logger.LogInformation("Tenant {Tenant}", tenantName);
                        logger.LogInformation("Parent {Parent}", parentName);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Health_words_are_reported_wherever_they_are_held_and_near_misses_are_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Microsoft.Extensions.Logging;

                sealed record WorkoutLogged(Guid UserId, int? HeartRateAvg, int Minutes);
                sealed record Consultation(Guid Id, string Clinician, string Reason);
                sealed record RetryAttempt(int Attempt, string Reason);

                class C
                {
                    void M(ILogger logger, WorkoutLogged w, Consultation consultation, RetryAttempt retry, Guid patientId, string[] medications,
                        string diagnosis, string[] diagnostics, int heartRate)
                    {
                        logger.LogInformation("User {UserId} average heart rate {HeartRate}", w.UserId, {|RMP0008:w.HeartRateAvg|});
                        logger.LogInformation("User {UserId} trained {Minutes}", w.UserId, w.Minutes);
                        logger.LogInformation("Prescribed {Medications} to {PatientId}", {|RMP0008:medications|}, patientId);
                        logger.LogInformation("Coded {Diagnosis}", {|RMP0008:diagnosis|});
                        logger.LogInformation("Ran {Diagnostics}", diagnostics);
                        logger.LogInformation("Consultation booked: {Consultation}", {|RMP0008:consultation|});
                        logger.LogInformation("Retry {Retry}", retry);
                        logger.LogInformation("Heart {HeartRate}", {|RMP0008:heartRate|});
                    }
                }
            }
            """);
    }
}

/// <summary>Writes to <c>NullLogger</c> reach no log; the same writes to a real logger do.</summary>
public class NullLoggerTests
{
    [Fact]
    public async Task Writes_to_the_null_logger_are_not_reported_and_writes_to_other_loggers_are()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;
                using Microsoft.Extensions.Logging.Abstractions;

                class C
                {
                    void M(ILogger real, ILoggerFactory factory, string email)
                    {
                        ILogger logger = NullLogger.Instance;
                        logger.LogInformation("Signing up {Email}", email);
                        NullLogger<C>.Instance.LogInformation("Signing up {Email}", email);

                        ILogger other = factory.CreateLogger("Signup");
                        other.LogInformation("Signing up {Email}", {|RMP0008:email|});
                        real.LogInformation("Signing up {Email}", {|RMP0008:email|});
                    }
                }
            }
            """);
    }
}

/// <summary>The members of a mail address are an e-mail address and a name; its host is neither.</summary>
public class MailAddressMemberTests
{
    [Fact]
    public async Task A_mail_address_s_address_and_display_name_are_reported_and_its_host_is_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using System.Linq;
                using System.Net.Mail;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, MailMessage message, MailAddress sender)
                    {
                        logger.LogInformation("Sending message {MailMessage}", {|RMP0008:Describe(message)|});
                        logger.LogInformation("From {Sender}", {|RMP0008:sender.Address|});
                        logger.LogInformation("From {Sender}", {|RMP0008:sender.DisplayName|});
                        logger.LogInformation("Sender domain {Host}", sender.Host);
                    }

                    private static string Describe(MailMessage message)
                        => $"'{message.Subject}' to: {string.Join(", ", message.To.Select(x => x.Address).ToArray())}";
                }
            }
            """);
    }
}

/// <summary>A dictionary named for personal keys writes those keys; one keyed by other things does not.</summary>
public class KeyedDictionaryTests
{
    [Fact]
    public async Task A_dictionary_keyed_by_email_is_reported_and_one_keyed_by_region_is_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Collections.Generic;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, Dictionary<string, int> ordersByEmail, IReadOnlyDictionary<string, int> visitsPerPatientName,
                        Dictionary<string, int> ordersByRegion, Dictionary<int, int> countsByEmail, List<string> sortedByEmail)
                    {
                        logger.LogInformation("Orders by customer {@Summary}", {|RMP0008:ordersByEmail|});
                        logger.LogInformation("Visits {@Visits}", {|RMP0008:visitsPerPatientName|});
                        logger.LogInformation("Orders by region {@Summary}", ordersByRegion);
                        logger.LogInformation("Counts {@Counts}", countsByEmail);
                        logger.LogInformation("Sorted {@Sorted}", sortedByEmail);
                    }
                }
            }
            """);
    }
}
