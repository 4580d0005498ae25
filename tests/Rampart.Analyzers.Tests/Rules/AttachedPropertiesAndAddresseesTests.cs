using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Values that reach a log without being an argument of a write: properties attached to a logger or a
/// context (Serilog, NLog), every entry of a collection projected into the text, an SMS's or a mail's
/// addressee, and what a call gives a [LoggerMessage] parameter with a neutral name.
/// </summary>
public class AttachedPropertiesAndAddresseesTests
{
    // The shapes of Serilog's and NLog's context APIs, with their parameter names.
    private const string Loggers = """
        namespace Serilog
        {
            public interface ILogger
            {
                ILogger ForContext(string propertyName, object value, bool destructureObjects = false);
                ILogger ForContext<TSource>();
                void Information(string messageTemplate, params object[] propertyValues);
            }
        }

        namespace Serilog.Context
        {
            public static class LogContext
            {
                public static System.IDisposable PushProperty(string name, object value, bool destructureObjects = false) => null;
            }
        }

        namespace NLog
        {
            public class Logger
            {
                public Logger WithProperty(string propertyKey, object propertyValue) => this;
                public System.IDisposable PushScopeProperty(string propertyName, object propertyValue) => null;
                public void Info(string message) { }
            }

            public static class ScopeContext
            {
                public static System.IDisposable PushProperty<TValue>(string key, TValue value) => null;
            }

            public static class MappedDiagnosticsLogicalContext
            {
                public static void Set(string item, object value) { }
            }
        }

        """;

    [Fact]
    public async Task Properties_attached_to_a_logger_or_a_context_are_judged_under_their_names()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Loggers + """
            class C
            {
                static readonly NLog.Logger Log = new NLog.Logger();

                void M(Serilog.ILogger log, string email, string phoneNumber, string userName, string value, string correlationId, System.Guid orderId, string tenantId, string maskedEmail)
                {
                    log.ForContext("UserName", {|RMP0008:userName|}).Information("Preferences saved");
                    log.ForContext("Email", {|RMP0008:value|}).Information("Contact form");
                    using (Serilog.Context.LogContext.PushProperty("Email", {|RMP0008:email|})) { }
                    Log.WithProperty("Email", {|RMP0008:email|}).Info("Subscribed");
                    using (NLog.ScopeContext.PushProperty("Phone", {|RMP0008:phoneNumber|})) { }
                    using (Log.PushScopeProperty("Phone", {|RMP0008:phoneNumber|})) { }
                    NLog.MappedDiagnosticsLogicalContext.Set("Email", {|RMP0008:email|});

                    // A value whose name says it was made safe, ids and correlation values are not personal data.
                    log.ForContext("Email", maskedEmail).Information("Contact form");
                    log.ForContext("CorrelationId", correlationId).Information("Saga step done");
                    log.ForContext<C>().Information("Typed context");
                    using (Serilog.Context.LogContext.PushProperty("OrderId", orderId)) { }
                    Log.WithProperty("TenantId", tenantId).Info("Tenant job started");
                }
            }
            """);
    }

    [Fact]
    public async Task Every_header_projected_into_the_text_is_reported_and_their_names_alone_are_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;

            class C
            {
                void M(ILogger logger, HttpRequest request, System.Collections.Generic.Dictionary<string, int> counts)
                {
                    logger.LogDebug("Headers: {Headers}", string.Join("; ", {|RMP0008:request.Headers|}.Select(h => h.Key + "=" + h.Value)));
                    logger.LogDebug("Header names: {Names}", string.Join(", ", request.Headers.Select(h => h.Key)));
                    logger.LogDebug("Counts: {Counts}", string.Join(", ", counts.Select(c => c.Key + "=" + c.Value)));
                }
            }
            """);
    }

    [Fact]
    public async Task The_addressee_of_an_sms_or_a_mail_is_personal_data_and_the_sender_is_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;

            public sealed class SmsSender(ILogger<SmsSender> logger)
            {
                public Task SendAsync(string to, string from, int parts)
                {
                    logger.LogInformation("SMS to {To} from {From} in {Parts} parts", {|RMP0008:to|}, from, parts);
                    return Task.CompletedTask;
                }
            }

            public sealed class Mailer(ILogger<Mailer> logger)
            {
                public void SendEmail(string recipient, string template) => logger.LogInformation("Mail {Template} to {Recipient}", template, {|RMP0008:recipient|});
            }

            public sealed class Router(ILogger<Router> logger)
            {
                // A route's destination is a place in the application, not a person.
                public void Forward(string destination) => logger.LogInformation("Forward to {Destination}", destination);
            }
            """);
    }

    [Fact]
    public async Task A_neutral_LoggerMessage_parameter_is_judged_by_what_each_call_gives_it()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            public sealed class Passenger
            {
                public string PassportNumber { get; set; } = "";
                public string Flight { get; set; } = "";
            }

            static partial class Screening
            {
                [LoggerMessage(Level = LogLevel.Warning, Message = "Watch-list hit for {Document}")]
                private static partial void WatchListHit(ILogger logger, string document);

                public static void Screen(ILogger logger, Passenger p)
                {
                    WatchListHit(logger, {|RMP0008:p.PassportNumber|});
                    WatchListHit(logger, p.Flight);
                }
            }
            """);
    }

    [Fact]
    public async Task A_LoggerMessage_parameter_given_only_values_a_redacting_helper_made_is_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            public static class Redact
            {
                public static string Email(string email) => "***";
            }

            public static class Format
            {
                public static string Email(string email) => email.Trim();
            }

            public sealed class Member
            {
                public string Email { get; set; } = "";
            }

            static partial class Mail
            {
                [LoggerMessage(Level = LogLevel.Information, Message = "Verification mail to {Email}")]
                private static partial void VerificationMail(ILogger logger, string email);

                [LoggerMessage(Level = LogLevel.Information, Message = "Welcome mail to {Email}")]
                private static partial void WelcomeMail(ILogger logger, string {|RMP0008:email|});

                public static void Verify(ILogger logger, Member m) => VerificationMail(logger, Redact.Email(m.Email));

                public static void Welcome(ILogger logger, Member m) => WelcomeMail(logger, Format.Email(m.Email));
            }
            """);
    }
}
