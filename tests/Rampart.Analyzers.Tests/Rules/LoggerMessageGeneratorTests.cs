using Microsoft.CodeAnalysis;
using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A classified [LoggerMessage] parameter is redacted only when the compliance generator (Microsoft.Gen.Logging)
/// writes the method; the plain Microsoft.Extensions.Logging.Generators logs it in clear.
/// </summary>
public class LoggerMessageGeneratorTests
{
    private const string Model = """
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Compliance.Redaction;
        using Microsoft.Extensions.Logging;

        public sealed class PiiDataAttribute : DataClassificationAttribute
        {
            public PiiDataAttribute() : base(new DataClassification("Portal", "Pii")) { }
        }

        public sealed class PublicDataAttribute : DataClassificationAttribute
        {
            public PublicDataAttribute() : base(new DataClassification("Portal", "Public")) { }
        }

        public sealed class Holder
        {
            [PiiData] public string Email { get; init; } = "";
            [PiiData] public string Name { get; init; } = "";
            [PublicData] public string Gamertag { get; init; } = "";
            public string MatterNumber { get; init; } = "";
        }

        """;

    // The same declarations in every build; the markup says what the plain generator leaves in clear.
    private static string Source(bool plain)
    {
        string Mark(string name) => plain ? "{|RMP0007:" + name + "|}" : name;
        return Model + $$"""
            static partial class QuoteLog
            {
                [LoggerMessage(1, LogLevel.Information, "Quote issued to {Email}")]
                static partial void QuoteIssued(ILogger logger, [PiiData] string {{Mark("email")}});

                [LoggerMessage(2, LogLevel.Information, "Documents emailed to {Email}")]
                static partial void DocumentsEmailed(ILogger logger, [PiiData] string email);

                [LoggerMessage(3, LogLevel.Information, "Leaderboard entry for {Gamertag}")]
                static partial void Leaderboard(ILogger logger, [PublicData] string gamertag);

                public static void Issue(ILogger logger, Redactor redactor, Holder holder)
                {
                    QuoteIssued(logger, holder.Email);
                    DocumentsEmailed(logger, redactor.Redact(holder.Email));
                    Leaderboard(logger, holder.Gamertag);
                }
            }

            public static partial class PublicLog
            {
                [LoggerMessage(4, LogLevel.Warning, "Identity check failed for {Holder}")]
                public static partial void CheckFailed(ILogger logger, [PiiData] string {{Mark("holder")}});
            }

            public sealed partial class TimeRecording(ILogger<TimeRecording> logger)
            {
                public void Billed(Holder client, decimal hours) => LogBilled(client.Name, hours);

                public void Matter(Holder client, decimal hours) => LogMatter(client.MatterNumber, hours);

                [LoggerMessage(5, LogLevel.Information, "Billed {Client} for {Hours} hours")]
                private partial void LogBilled([PiiData] string {{Mark("client")}}, decimal hours);

                [LoggerMessage(6, LogLevel.Information, "Billed matter {Matter} for {Hours} hours")]
                private partial void LogMatter(string matter, decimal hours);
            }
            """;
    }

    [Fact]
    public Task The_plain_generator_logs_a_classified_parameter_in_clear_unless_every_caller_redacts_it()
        => Verify<LoggingAnalyzer>.AnalyzerAsync(Source(plain: true));

    [Fact]
    public Task The_compliance_generator_redacts_classified_parameters()
        => Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(Source(plain: false));

    [Fact]
    public async Task The_plain_generators_diagnostic_says_so()
    {
        var compilation = CSharpCompilationFor(Source(plain: false));
        var diagnostics = await Verify<LoggingAnalyzer>.RunAsync(compilation);
        var reported = diagnostics.Where(d => d.Id == "RMP0007").ToList();
        Assert.Equal(3, reported.Count);
        Assert.All(reported, d => Assert.Contains("Microsoft.Extensions.Logging.Generators", d.GetMessage(), StringComparison.Ordinal));
        Assert.All(reported, d => Assert.Contains("Microsoft.Extensions.Telemetry.Abstractions", d.GetMessage(), StringComparison.Ordinal));
    }

    [Fact]
    public Task Without_a_generated_half_the_compliance_package_decides_redacted()
        => new RampartAnalyzerTest<LoggingAnalyzer> { TestCode = NoGeneratorSource(plain: false), LoggingBuild = LoggingBuild.None }.RunAsync();

    [Fact]
    public async Task Without_a_generated_half_or_the_compliance_package_a_classified_parameter_is_in_clear()
    {
        var test = new RampartAnalyzerTest<LoggingAnalyzer> { TestCode = NoGeneratorSource(plain: true), LoggingBuild = LoggingBuild.None };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.All.Where(r => !IsTelemetryAbstractions(r)));
        await test.RunAsync();
    }

    // No accessibility modifier: a partial method the compiler accepts without its implementation.
    private static string NoGeneratorSource(bool plain) => Model.Replace("using Microsoft.Extensions.Compliance.Redaction;\n", "") + $$"""
        static partial class QuoteLog
        {
            [LoggerMessage(1, LogLevel.Information, "Quote issued to {Email}")]
            static partial void QuoteIssued(ILogger logger, [PiiData] string {{(plain ? "{|RMP0007:email|}" : "email")}});

            public static void Issue(ILogger logger, Holder holder) => QuoteIssued(logger, holder.Email);
        }
        """;

    private static bool IsTelemetryAbstractions(MetadataReference reference)
        => reference.Display?.EndsWith("Microsoft.Extensions.Telemetry.Abstractions.dll", StringComparison.OrdinalIgnoreCase) == true;

    private static Compilation CSharpCompilationFor(string source)
        => Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Test",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            TestReferences.All,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
