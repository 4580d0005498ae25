using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A [LoggerMessage] parameter suspect by its name alone is judged by what its callers pass when
/// every caller is in the compilation: values named as made safe leave it alone; one unsafe call, no
/// call at all, or a method other assemblies can call, and it is reported on its declaration.
/// </summary>
public class LoggerMessageCallersTests
{
    [Fact]
    public async Task A_parameter_every_caller_gives_a_value_made_safe_is_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Debug, "Opening a connection to {ConnectionString}")]
                    internal static partial void Opening(ILogger logger, string connectionString);

                    [LoggerMessage(2, LogLevel.Debug, "Connection failed for {ConnectionString}")]
                    internal static partial void Failed(ILogger logger, string ConnectionString);

                    [LoggerMessage(3, LogLevel.Information, "Reset link sent to {Email}")]
                    internal static partial void Sent(ILogger logger, string email);
                }

                sealed class DataSource
                {
                    private readonly string _userFacingConnectionString = "";
                    private readonly ILogger _logger = null!;

                    public string DisplayConnectionString => "";

                    void Open(string sanitizedConnectionString)
                    {
                        Log.Opening(_logger, _userFacingConnectionString);
                        Log.Opening(_logger, sanitizedConnectionString);
                        Log.Failed(_logger, DisplayConnectionString);
                        Log.Failed(_logger, ConnectionStringForLogging());
                    }

                    static string ConnectionStringForLogging() => "";

                    void Mail(string maskedEmail, string redactedEmail)
                    {
                        Log.Sent(_logger, maskedEmail);
                        Log.Sent(_logger, redactedEmail);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task One_unsafe_call_or_none_reports_the_declaration()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Debug, "Opening a connection to {ConnectionString}")]
                    internal static partial void Opening(ILogger logger, string {|RMP0008:connectionString|});

                    [LoggerMessage(2, LogLevel.Debug, "Connection failed for {ConnectionString}")]
                    internal static partial void Failed(ILogger logger, string {|RMP0008:ConnectionString|});

                    [LoggerMessage(3, LogLevel.Information, "Reset link sent to {Email}")]
                    internal static partial void Sent(ILogger logger, string {|RMP0008:email|});

                    [LoggerMessage(4, LogLevel.Debug, "Signed in with {Password}")]
                    internal static partial void SignedIn(ILogger logger, string {|RMP0008:password|});
                }

                sealed class DataSource
                {
                    private readonly string _userFacingConnectionString = "";
                    private readonly ILogger _logger = null!;

                    void Open(string connectionString, string text, string displayPassword)
                    {
                        Log.Opening(_logger, _userFacingConnectionString);
                        Log.Opening(_logger, connectionString);
                        Log.Sent(_logger, text);
                        Log.SignedIn(_logger, displayPassword);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_method_other_assemblies_can_call_is_reported_whatever_its_callers_here_pass()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using Microsoft.Extensions.Logging;

                public static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Debug, "Opening a connection to {ConnectionString}")]
                    public static partial void Opening(ILogger logger, string {|RMP0008:connectionString|});
                }

                sealed class DataSource
                {
                    void Open(ILogger logger, string sanitizedConnectionString) => Log.Opening(logger, sanitizedConnectionString);
                }
            }
            """);
    }

    [Fact]
    public async Task A_connection_string_shown_to_people_is_not_reported_where_it_is_logged()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace App
            {
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string userFacingConnectionString, string connectionString, string displayToken)
                    {
                        logger.LogDebug("Opening {ConnectionString}", userFacingConnectionString);
                        logger.LogDebug("Opening {ConnectionString}", {|RMP0008:connectionString|});
                        logger.LogDebug("Token {Token}", {|RMP0008:displayToken|});
                    }
                }
            }
            """);
    }
}
