using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>NLog's writes are logs: its arguments reach the targets as they are.</summary>
public class NLogWritesTests
{
    // The shape of NLog's API that the rules read: parameter names as NLog declares them.
    private const string NLog = """
        namespace NLog
        {
            using System;

            public sealed class LogLevel { public static readonly LogLevel Info = new LogLevel(); }

            public interface ILoggerBase
            {
                void Log(LogLevel level, string message, params object[] args);
            }

            public interface ILogger : ILoggerBase
            {
                void Info(string message);
                void Info(string message, params object[] args);
                void Warn<TArgument1, TArgument2>(string message, TArgument1 argument1, TArgument2 argument2);
            }

            public class Logger : ILogger
            {
                public void Log(LogLevel level, string message, params object[] args) { }
                public void Info(string message) { }
                public void Info(string message, params object[] args) { }
                public void Info<T>(T value) { }
                public void Warn<TArgument1, TArgument2>(string message, TArgument1 argument1, TArgument2 argument2) { }
                public void Debug<TArgument>(string message, TArgument argument) { }
                public void Error(Exception exception, string message, params object[] args) { }
                public void Trace(string message, params object[] args) { }
                public void Flush() { }
            }

            public static class LogManager
            {
                public static Logger GetCurrentClassLogger() => new Logger();
            }
        }

        namespace App
        {
            public sealed class AppLogger : NLog.Logger { }

            public sealed class ProwlSettings
            {
                public string ApiKey { get; set; } = "";
                public string Priority { get; set; } = "";
            }
        }

        """;

    [Fact]
    public async Task Writes_on_a_logger_its_interface_and_a_derived_logger_are_checked()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(NLog + """
            namespace App
            {
                using System;

                class C
                {
                    private static readonly NLog.Logger Logger = NLog.LogManager.GetCurrentClassLogger();

                    void M(NLog.ILogger logger, AppLogger own, Exception ex, ProwlSettings settings, string email, string phoneNumber, int attempts)
                    {
                        Logger.Info("Registered {Email} after {Attempts}", {|RMP0008:email|}, attempts);
                        Logger.Info($"Invitation sent to {{|RMP0008:email|}}");
                        Logger.Debug("SMS to {0}", {|RMP0008:phoneNumber|});
                        Logger.Error(ex, "Apikey is invalid: {0}", {|RMP0008:settings.ApiKey|});
                        Logger.Info({|RMP0008:email|});
                        logger.Warn("{Email} {Attempts}", {|RMP0008:email|}, attempts);
                        logger.Log(NLog.LogLevel.Info, "Reset for {Email}", {|RMP0008:email|});
                        own.Trace("Login {Email}", {|RMP0008:email|});
                    }

                    void Clean(NLog.ILogger logger, ProwlSettings settings, Exception ex, int attempts, string region)
                    {
                        Logger.Info("Region {Region} after {Attempts}", region, attempts);
                        Logger.Error(ex, "Prowl refused the message at priority {0}", settings.Priority);
                        logger.Info("Started");
                        Logger.Flush();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_class_named_like_NLogs_logger_elsewhere_is_not_a_log()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            namespace Microsoft.Extensions.Logging { public interface ILogger { } }

            namespace Shop
            {
                public class Logger { public void Info(string message, params object[] args) { } }

                class C
                {
                    void M(Logger ledger, string email) => ledger.Info("Receipt {0}", email);
                }
            }
            """);
    }
}
