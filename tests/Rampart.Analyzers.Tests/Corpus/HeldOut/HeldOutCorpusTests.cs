using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Secrets;
using Xunit.Abstractions;

namespace Rampart.Analyzers.Tests.Corpus.HeldOut;

/// <summary>
/// Accuracy on the held-out corpora: cases written from real-code patterns and provider formats
/// apart from the rules, and kept fixed since (cases may be added, never relabelled). These, not
/// the tuning corpus, are the measure of accuracy reported in docs/analyzers.md.
/// </summary>
/// <remarks>
/// Both corpora hold the goals (secrets 95 % / 95 %, personal data in logs 90 % / 90 %). For
/// <c>Fresh</c>, written later by someone who had not read the rules, the honest figure is its first
/// run (in docs/analyzers.md), which missed both recall goals; the floors here guard the fixes since.
/// </remarks>
public class HeldOutCorpusTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("HeldOut", 0.95, 0.95)]
    [InlineData("Fresh", 0.95, 0.95)]
    public async Task Secret_rules_on_the_held_out_cases(string folder, double precisionFloor, double recallFloor)
    {
        var cases = HeldOutCorpus.Load(folder, "secrets.cases", "secret");
        var score = await HeldOutCorpus.MeasureAsync(
            folder,
            cases,
            ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedSecretAnalyzer(), new ConstantCredentialAnalyzer()),
            id => id is "RMP0001" or "RMP0002" or "RMP0003" or "RMP0004" or "RMP0005",
            HeldOutValues.Expand);
        Print(folder + " secrets", cases, score);
        Assert.True(score.Precision >= precisionFloor && score.Recall >= recallFloor, score + "\n" + string.Join("\n", score.Mistakes));
    }

    [Theory]
    [InlineData("HeldOut", 0.90, 0.90)]
    [InlineData("Fresh", 0.90, 0.90)]
    public async Task Logging_rules_on_the_held_out_cases(string folder, double precisionFloor, double recallFloor)
    {
        var cases = HeldOutCorpus.Load(folder, "logging.cases", "logged");
        var score = await HeldOutCorpus.MeasureAsync(
            folder,
            cases,
            ImmutableArray.Create<DiagnosticAnalyzer>(new LoggingAnalyzer()),
            id => id is "RMP0007" or "RMP0008",
            HeldOutValues.Expand);
        Print(folder + " logging", cases, score);
        Assert.True(score.Precision >= precisionFloor && score.Recall >= recallFloor, score + "\n" + string.Join("\n", score.Mistakes));
    }

    /// <summary>
    /// The second fresh corpus (<c>Corpus/Fresh2</c>), written without reading the rules and frozen
    /// before its first run. Its figures are a measurement, printed and recorded in docs/analyzers.md,
    /// not a goal this test holds; the test fails only when the corpus cannot be loaded, compiled or
    /// scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 150)]
    [InlineData("logging.cases", "logged", 120)]
    public Task Second_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(SecondFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Second_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(SecondFresh, 30);

    /// <summary>
    /// The third fresh corpus (<c>Corpus/Fresh3</c>), written without reading the rules or the other
    /// corpora, labelled from the rule pages and frozen before its first run. Like the second, its
    /// figures are a measurement recorded in docs/analyzers.md; the test fails only when the corpus
    /// cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 180)]
    [InlineData("logging.cases", "logged", 140)]
    public Task Third_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(ThirdFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Third_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(ThirdFresh, 30);

    /// <summary>
    /// The fourth fresh corpus (<c>Corpus/Fresh4</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run. Like the second and third, its figures are a measurement recorded in docs/analyzers.md;
    /// the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 250)]
    [InlineData("logging.cases", "logged", 220)]
    public Task Fourth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(FourthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Fourth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(FourthFresh, 60);

    /// <summary>
    /// The fifth fresh corpus (<c>Corpus/Fresh5</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; it adds providers, client libraries and logging shapes the earlier corpora lack. Its
    /// figures are a measurement recorded in docs/analyzers.md; the test fails only when the corpus
    /// cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 230)]
    [InlineData("logging.cases", "logged", 220)]
    public Task Fifth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(FifthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Fifth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(FifthFresh, 50);

    /// <summary>
    /// The sixth fresh corpus (<c>Corpus/Fresh6</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; it draws on kinds of applications the earlier corpora lack (game back ends, device
    /// clients, card issuing, clinics, Azure Functions, Blazor, MAUI, gRPC, SignalR, EF Core design-time
    /// code, test and benchmark projects). Its figures are a measurement recorded in docs/analyzers.md;
    /// the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 270)]
    [InlineData("logging.cases", "logged", 290)]
    public Task Sixth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(SixthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Sixth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(SixthFresh, 55);

    /// <summary>
    /// The seventh fresh corpus (<c>Corpus/Fresh7</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; it draws on shops, SaaS admin portals, mobile back ends, data pipelines, ML inference,
    /// desktop and game clients, DevOps tools, Orleans and Dapr services, identity server setups, test
    /// projects and docs samples. Its figures are a measurement recorded in docs/analyzers.md; the test
    /// fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 240)]
    [InlineData("logging.cases", "logged", 230)]
    public Task Seventh_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(SeventhFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Seventh_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(SeventhFresh, 50);

    /// <summary>
    /// The eighth fresh corpus (<c>Corpus/Fresh8</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; a small set across cloud, payment, chat and package-registry secrets, connection
    /// strings, configuration files and logging of personal data. Its figures are a measurement recorded
    /// in docs/analyzers.md; the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 20)]
    [InlineData("logging.cases", "logged", 10)]
    public Task Eighth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(EighthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Eighth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(EighthFresh, 6);

    /// <summary>
    /// The ninth fresh corpus (<c>Corpus/Fresh9</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; cloud, payment, chat, AI and VCS provider secrets, connection strings of every common
    /// store, configuration files (appsettings, .env, docker-compose, local and launch settings) and
    /// logging of personal data through ILogger, [LoggerMessage] methods and Serilog. Its figures are a
    /// measurement recorded in docs/analyzers.md; the test fails only when the corpus cannot be loaded,
    /// compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 150)]
    [InlineData("logging.cases", "logged", 140)]
    public Task Ninth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(NinthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Ninth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(NinthFresh, 30);

    /// <summary>
    /// The tenth fresh corpus (<c>Corpus/Fresh10</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; test-project fixtures, mocked clients, protocol and RFC examples, settings classes,
    /// attributes, records, options binding, HttpClient headers, gRPC metadata, JWT and webhook secrets,
    /// configuration files, and logging of personal data through NLog, Serilog, ILogger (extension
    /// methods, [LoggerMessage] methods, scopes) and console writes in a web app. Its figures are a
    /// measurement recorded in docs/analyzers.md; the test fails only when the corpus cannot be loaded,
    /// compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 150)]
    [InlineData("logging.cases", "logged", 140)]
    public Task Tenth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(TenthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Tenth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(TenthFresh, 30);

    /// <summary>
    /// The eleventh fresh corpus (<c>Corpus/Fresh11</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; Rampart keys with computed and with broken checksums, GitHub and npm tokens with their
    /// CRC-32, many providers' formats, PEM and XML private keys, connection strings and URIs with
    /// passwords, constants given to credential and crypto APIs, look-alikes (configuration lookups, Key
    /// Vault references, placeholders, documentation keys, public keys, hashes, ids, header and flag
    /// names), configuration files (appsettings, launchSettings, .env, compose, web.config), and personal
    /// and secret data logged through ILogger, [LoggerMessage] methods, scopes, Serilog, NLog, console
    /// and trace writes, in several languages of naming. Its figures are a measurement; the test fails
    /// only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 200)]
    [InlineData("logging.cases", "logged", 200)]
    public Task Eleventh_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(EleventhFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Eleventh_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(EleventhFresh, 40);

    /// <summary>
    /// The twelfth fresh corpus (<c>Corpus/Fresh12</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; Rampart keys with computed and with broken checksums, GitHub and npm tokens with their
    /// CRC-32, providers of healthcare, banking, logistics, HR, education, e-commerce and IoT code, PEM and
    /// XML private keys, Basic credentials in base64, connection strings and URIs with passwords, constants
    /// given to credential, certificate and crypto APIs, look-alikes (configuration lookups, vault
    /// references, placeholders, documentation keys, public keys, hashes, ids, masked values), configuration
    /// files (appsettings, launchSettings, .env, compose, web.config, local.settings.json), and personal and
    /// secret data logged through ILogger, [LoggerMessage] methods, scopes, Serilog, NLog and console writes
    /// in services, functions, hubs and pages. Its figures are a measurement; the test fails only when the
    /// corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 150)]
    [InlineData("logging.cases", "logged", 150)]
    public Task Twelfth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(TwelfthFresh, file, positiveLabel, minimumCases);

    [Fact]
    public Task Twelfth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(TwelfthFresh, 32);

    /// <summary>
    /// The thirteenth fresh corpus (<c>Corpus/Fresh13</c>), written as an outsider would, without reading the
    /// rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its first
    /// run; Rampart keys with computed and with broken checksums, GitHub and npm tokens with their CRC-32,
    /// providers of gaming, media streaming, travel, insurance, government, agriculture, energy, legal, real
    /// estate, telecom, charity and sport code, PEM and XML private keys, connection strings and URIs with
    /// passwords, constants given to credential and crypto APIs, look-alikes (configuration lookups, vault
    /// references, placeholders, documented example values, public keys, hashes, ids, masked values), in
    /// minimal APIs, Blazor, Orleans grains, MAUI, worker services, gRPC, isolated functions, Lambda, Dapr,
    /// MassTransit and EF Core, and configuration files (appsettings, launchSettings, .env, compose,
    /// web.config, app.config, local.settings.json, secrets.json, Helm values). Its figures are a
    /// measurement; the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 230)]
    public Task Thirteenth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(ThirteenthFresh, file, positiveLabel, minimumCases, preludePerFile: true);

    [Fact]
    public Task Thirteenth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(ThirteenthFresh, 40);

    /// <summary>
    /// The thirteenth fresh corpus (<c>Corpus/Fresh13</c>), written as an outsider would, without reading
    /// the rules, their tests or the other corpora, labelled by a reviewer's verdict and frozen before its
    /// first run; personal and secret data logged in travel, insurance, gaming, streaming, telecom, energy,
    /// agriculture, government, legal, real estate, charity and sport code, through ILogger (extension
    /// methods, static and instance [LoggerMessage] methods, scopes with templates, dictionaries and
    /// tuples), Serilog (static, contextual and destructured), NLog, console, debug and trace writes, in
    /// services, minimal API handlers, hubs, gRPC services, workers, functions, grains, consumers and
    /// components, beside look-alikes (ids, counts, durations, statuses, redacted, hashed and masked
    /// values, non-personal names). Its figures are a measurement; the test fails only when the corpus
    /// cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("logging.cases", "logged", 150)]
    public Task Thirteenth_fresh_corpus_logging_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(ThirteenthFresh, file, positiveLabel, minimumCases, preludePerFile: true);

    /// <summary>
    /// The fourteenth fresh corpus (<c>Corpus/Fresh14</c>), written as the thirteenth was, without reading the
    /// rules, their tests, their pages or the other corpora, labelled by a reviewer's verdict and frozen before
    /// its first run, its secrets and logging files apart, each against its own prelude. Its figures are a
    /// measurement; the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 250)]
    [InlineData("logging.cases", "logged", 300)]
    public Task Fourteenth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(FourteenthFresh, file, positiveLabel, minimumCases, preludePerFile: true);

    [Fact]
    public Task Fourteenth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(FourteenthFresh, 55);

    /// <summary>
    /// The fifteenth fresh corpus (<c>Corpus/Fresh15</c>), written as the fourteenth was, without reading the
    /// rules, their tests, their pages or the other corpora, labelled by a reviewer's verdict and frozen before
    /// its first run, its secrets and logging files apart, each against its own prelude. Its figures are a
    /// measurement; the test fails only when the corpus cannot be loaded, compiled or scored.
    /// </summary>
    [Theory]
    [InlineData("secrets.cases", "secret", 250)]
    [InlineData("logging.cases", "logged", 260)]
    public Task Fifteenth_fresh_corpus_is_measured(string file, string positiveLabel, int minimumCases)
        => MeasureFreshCorpusAsync(FifteenthFresh, file, positiveLabel, minimumCases, preludePerFile: true);

    [Fact]
    public Task Fifteenth_fresh_corpus_configuration_files_are_measured()
        => MeasureFreshConfigurationAsync(FifteenthFresh, 58);

    /// <param name="preludePerFile">The corpus's files were written apart, each against its own prelude.</param>
    private async Task MeasureFreshCorpusAsync(string folder, string file, string positiveLabel, int minimumCases, bool preludePerFile = false)
    {
        var ownPrelude = preludePerFile ? Path.ChangeExtension(file, ".prelude") : null;
        var cases = HeldOutCorpus.Load(folder, file, positiveLabel);
        var secrets = positiveLabel == "secret";
        var reportedIds = new Dictionary<int, SortedSet<string>>();
        var score = await HeldOutCorpus.MeasureAsync(
            folder,
            cases,
            secrets
                ? ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedSecretAnalyzer(), new ConstantCredentialAnalyzer())
                : ImmutableArray.Create<DiagnosticAnalyzer>(new LoggingAnalyzer()),
            secrets ? id => id is "RMP0001" or "RMP0002" or "RMP0003" or "RMP0004" or "RMP0005" : id => id is "RMP0007" or "RMP0008",
            (members, _) => members,
            reportedIds,
            ownPrelude);
        Print(folder + " " + file, cases, score);
        PrintByExpectedRule(cases, reportedIds);
        AssertScored(cases, score, minimumCases);
    }

    private async Task MeasureFreshConfigurationAsync(string folder, int minimumCases)
    {
        var cases = HeldOutCorpus.Load(folder, "config.cases", "secret");
        var analyzers = typeof(HardCodedSecretAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id == "RMP0006"))
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        var score = await HeldOutCorpus.MeasureConfigurationAsync(cases, analyzers, id => id == "RMP0006");
        Print(folder + " config.cases", cases, score);
        AssertScored(cases, score, minimumCases);
    }

    private const string SecondFresh = "Fresh2";

    private const string ThirdFresh = "Fresh3";

    private const string FourthFresh = "Fresh4";

    private const string FifthFresh = "Fresh5";

    private const string SixthFresh = "Fresh6";

    private const string SeventhFresh = "Fresh7";

    private const string EighthFresh = "Fresh8";

    private const string NinthFresh = "Fresh9";

    private const string TenthFresh = "Fresh10";

    private const string EleventhFresh = "Fresh11";

    private const string TwelfthFresh = "Fresh12";

    private const string ThirteenthFresh = "Fresh13";

    private const string FourteenthFresh = "Fresh14";

    private const string FifteenthFresh = "Fresh15";

    private static void AssertScored(IReadOnlyList<HeldOutCase> cases, Score score, int minimumCases)
    {
        Assert.True(cases.Count >= minimumCases, $"{cases.Count} cases loaded, {minimumCases} expected at least");
        Assert.Contains(cases, c => c.Positive);
        Assert.Contains(cases, c => !c.Positive);
        Assert.Equal(cases.Count, score.TruePositives + score.FalsePositives + score.FalseNegatives + score.TrueNegatives);
    }

    /// <summary>Recall per expected rule and, for each mistake, the ids expected and the ids reported.</summary>
    private void PrintByExpectedRule(IReadOnlyList<HeldOutCase> cases, IReadOnlyDictionary<int, SortedSet<string>> reportedIds)
    {
        var expected = cases.Select(c => ExpectedIds(c.Description)).ToList();
        foreach (var rule in expected.SelectMany(ids => ids).Distinct().Order(StringComparer.Ordinal))
        {
            var withRule = Enumerable.Range(0, cases.Count).Where(i => cases[i].Positive && expected[i].Contains(rule)).ToList();
            var found = withRule.Count(reportedIds.ContainsKey);
            var exact = withRule.Count(i => reportedIds.TryGetValue(i, out var ids) && ids.Contains(rule));
            output.WriteLine($"expected {rule}: {withRule.Count} cases, reported by any rule {found}, by {rule} itself {exact}");
        }

        for (var i = 0; i < cases.Count; i++)
        {
            var ids = reportedIds.TryGetValue(i, out var found) ? string.Join(",", found) : "none";
            output.WriteLine($"case {i}: reported [{ids}] | {cases[i].Description}");
        }
    }

    private static IReadOnlyList<string> ExpectedIds(string description)
    {
        var open = description.IndexOf('[', StringComparison.Ordinal);
        var close = description.IndexOf(']', StringComparison.Ordinal);
        return open < 0 || close < open
            ? []
            : description[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(id => id != "none").ToList();
    }

    private void Print(string name, IReadOnlyList<HeldOutCase> cases, Score score)
    {
        output.WriteLine($"{name}: {cases.Count(c => c.Positive)} positive and {cases.Count(c => !c.Positive)} negative held-out cases.");
        output.WriteLine(score.ToString());
        foreach (var mistake in score.Mistakes)
        {
            output.WriteLine(mistake);
        }
    }
}
