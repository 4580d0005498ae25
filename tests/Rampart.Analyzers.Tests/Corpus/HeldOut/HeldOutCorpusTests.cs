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
