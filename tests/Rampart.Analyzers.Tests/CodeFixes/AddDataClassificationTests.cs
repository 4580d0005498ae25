using Rampart.Analyzers.CodeFixes;
using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.CodeFixes;

public class AddDataClassificationTests
{
    private const string Model = """
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Logging;

        public sealed class PrivateDataAttribute : DataClassificationAttribute
        {
            public PrivateDataAttribute() : base(new DataClassification("Demo", "Private")) { }
        }

        public sealed class User
        {
            [PrivateData] public string Email { get; set; } = "";
            [PrivateData] public string Name { get; set; } = "";
        }

        """;

    [Fact]
    public async Task The_logged_values_classification_is_added_to_the_logger_message_parameter()
    {
        // The compliance generator (Microsoft.Gen.Logging) redacts a classified parameter: classifying it is the fix.
        var test = new RampartCodeFixTest<LoggingAnalyzer, AddDataClassificationCodeFixProvider>
        {
            LoggingBuild = LoggingBuild.Compliance,
            TestCode = Model + """
                static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Information, "Signed in {Value}")]
                    public static partial void SignedIn(ILogger logger, string value);

                    [LoggerMessage(2, LogLevel.Information, "Renamed {Value}")]
                    public static partial void Renamed(ILogger logger, string value);
                }

                class C
                {
                    void M(ILogger logger, User user)
                    {
                        Log.SignedIn(logger, {|RMP0007:user.Email|});
                        Log.Renamed(logger, {|RMP0007:user.Name|});
                    }
                }
                """,
            FixedCode = Model + """
                static partial class Log
                {
                    [LoggerMessage(1, LogLevel.Information, "Signed in {Value}")]
                    public static partial void SignedIn(ILogger logger, [PrivateData] string value);

                    [LoggerMessage(2, LogLevel.Information, "Renamed {Value}")]
                    public static partial void Renamed(ILogger logger, [PrivateData] string value);
                }

                class C
                {
                    void M(ILogger logger, User user)
                    {
                        Log.SignedIn(logger, user.Email);
                        Log.Renamed(logger, user.Name);
                    }
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_is_offered_for_unredacted_logger_extension_calls()
    {
        const string Source = Model + """
            class C
            {
                void M(ILogger logger, User user) => logger.LogInformation("{Email}", {|RMP0007:user.Email|});
            }
            """;
        var test = new RampartCodeFixTest<LoggingAnalyzer, AddDataClassificationCodeFixProvider> { TestCode = Source, FixedCode = Source };
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_is_offered_when_the_plain_logging_generator_writes_the_method()
    {
        // Microsoft.Extensions.Logging.Generators ignores classifications: a classified parameter is still logged in clear.
        const string Source = Model + """
            static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "Signed in {Value}")]
                public static partial void SignedIn(ILogger logger, string value);
            }

            class C
            {
                void M(ILogger logger, User user) => Log.SignedIn(logger, {|RMP0007:user.Email|});
            }
            """;
        var test = new RampartCodeFixTest<LoggingAnalyzer, AddDataClassificationCodeFixProvider> { TestCode = Source, FixedCode = Source };
        await test.RunAsync();
    }
}
