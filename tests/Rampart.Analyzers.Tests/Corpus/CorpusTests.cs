using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rampart.Analyzers.Tests.Corpus;

/// <summary>
/// Measures the secret rules (RMP0001–RMP0005) on the labelled corpus in this folder and prints
/// precision and recall. Placeholders (<c>{github}</c>, <c>{rand32}</c>, …) are replaced with
/// structurally valid values generated from a seed, so the corpus holds no real-looking secrets.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    /// <summary>The floor the rules must keep; the measured figures are printed by the test.</summary>
    private const double MinimumPrecision = 0.97;
    private const double MinimumRecall = 0.95;

    [Fact]
    public async Task Secret_rules_keep_their_precision_and_recall_on_the_labelled_corpus()
    {
        var positives = Load("secrets.txt");
        var negatives = Load("non-secrets.txt");
        Assert.True(positives.Count + negatives.Count >= 500, "The corpus should hold hundreds of snippets.");

        var snippets = positives.Select(s => (Text: s, Secret: true)).Concat(negatives.Select(s => (Text: s, Secret: false))).ToList();
        var source = new StringBuilder("""
            using System;
            using System.Collections.Generic;
            using System.Net;
            using System.Security.Cryptography;
            using System.Text;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;

            class ApiClient { public ApiClient(params object[] args) { } }

            partial class Snippets
            {
                static void Send(string value) { }
                static Task<string> GetTokenAsync() => Task.FromResult("");

            """);
        for (var i = 0; i < snippets.Count; i++)
        {
            source.Append("    async Task S").Append(i)
                .Append("(IDictionary<string, string> settings, dynamic options, dynamic configuration, dynamic services, ILogger logger, string user, string password, byte[] key) {\n        ")
                .Append(Expand(snippets[i].Text, seed: i)).Append("\n    }\n");
        }

        source.Append("}\n");
        var tree = CSharpSyntaxTree.ParseText(source.ToString(), path: "/corpus/Snippets.cs");
        var compilation = CSharpCompilation.Create("Corpus", [tree], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedSecretAnalyzer(), new ConstantCredentialAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var root = await tree.GetRootAsync();
        var reported = new HashSet<int>();
        foreach (var diagnostic in diagnostics)
        {
            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is not null && method.Identifier.ValueText.StartsWith('S') && int.TryParse(method.Identifier.ValueText.AsSpan(1), out var index))
            {
                reported.Add(index);
            }
        }

        int truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0;
        var misses = new List<string>();
        for (var i = 0; i < snippets.Count; i++)
        {
            var hit = reported.Contains(i);
            switch (snippets[i].Secret, hit)
            {
                case (true, true): truePositives++; break;
                case (false, false): trueNegatives++; break;
                case (true, false): falseNegatives++; misses.Add("missed:         " + snippets[i].Text); break;
                case (false, true): falsePositives++; misses.Add("false positive: " + snippets[i].Text); break;
            }
        }

        var precision = truePositives / (double)Math.Max(1, truePositives + falsePositives);
        var recall = truePositives / (double)Math.Max(1, truePositives + falseNegatives);
        output.WriteLine($"Corpus: {positives.Count} secret and {negatives.Count} non-secret snippets.");
        output.WriteLine($"TP {truePositives}, FP {falsePositives}, FN {falseNegatives}, TN {trueNegatives}");
        output.WriteLine($"Precision {precision:P1}, recall {recall:P1}");
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(precision >= MinimumPrecision && recall >= MinimumRecall,
            $"Precision {precision:P1} (floor {MinimumPrecision:P0}), recall {recall:P1} (floor {MinimumRecall:P0}).\n" + string.Join("\n", misses));
    }

    private static List<string> Load(string file)
        => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Corpus", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static readonly Regex Placeholder = new(@"\{([a-z0-9_]+)\}", RegexOptions.CultureInvariant);

    /// <summary>Replaces the corpus placeholders with generated values.</summary>
    internal static string Expand(string template, int seed)
    {
        var n = seed * 101;
        return Placeholder.Replace(template, match => Generate(match.Groups[1].Value, ++n) ?? match.Value);
    }

    private static string? Generate(string name, int seed)
    {
        var random = new Random(seed);
        return name switch
        {
            "rampart" => TestSecrets.RampartKey("acme", "live", seed),
            "rampart_test" => TestSecrets.RampartKey("shop2", "test", seed),
            "github" => TestSecrets.GitHubToken("ghp_", seed),
            "github_oauth" => TestSecrets.GitHubToken("gho_", seed),
            "github_server" => TestSecrets.GitHubToken("ghs_", seed),
            "github_pat" => "github_pat_" + TestSecrets.RandomText(22, seed) + "_" + TestSecrets.RandomText(59, seed + 1),
            "npm" => TestSecrets.Npm(seed),
            "aws" => TestSecrets.AwsAccessKeyId(seed),
            "aws_sts" => "ASIA" + TestSecrets.AwsAccessKeyId(seed)[4..],
            "stripe" => TestSecrets.Stripe("sk_live_", seed),
            "stripe_restricted" => TestSecrets.Stripe("rk_live_", seed),
            "stripe_test" => TestSecrets.Stripe("sk_test_", seed) + TestSecrets.RandomText(75, seed),
            "slack_bot" => TestSecrets.SlackBot(seed),
            "slack_user" => "xoxp-" + random.NextInt64(100000000000, 999999999999) + "-" + random.NextInt64(100000000000, 999999999999) + "-" + random.NextInt64(1000000000000, 9999999999999) + "-" + TestSecrets.RandomText(32, seed).ToLowerInvariant(),
            "slack_webhook" => "https://hooks.slack.com/services/T" + TestSecrets.RandomText(8, seed).ToUpperInvariant() + "/B" + TestSecrets.RandomText(10, seed + 1).ToUpperInvariant() + "/" + TestSecrets.RandomText(24, seed + 2),
            "google" => TestSecrets.GoogleApiKey(seed),
            "sendgrid" => TestSecrets.SendGrid(seed),
            "azure_conn" => "DefaultEndpointsProtocol=https;AccountName=acct" + seed + ";AccountKey=" + TestSecrets.AzureStorageKey(seed) + ";EndpointSuffix=core.windows.net",
            "jwt" => TestSecrets.Jwt(seed),
            "pem" => TestSecrets.PemPrivateKey(seed),
            "pem_ec" => TestSecrets.PemPrivateKey(seed).Replace("RSA PRIVATE KEY", "EC PRIVATE KEY", StringComparison.Ordinal),
            "pem_openssh" => TestSecrets.PemPrivateKey(seed).Replace("RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", StringComparison.Ordinal),
            "rand16" => TestSecrets.RandomText(16, seed),
            "rand24" => TestSecrets.RandomText(24, seed),
            "rand32" => TestSecrets.RandomText(32, seed),
            "rand40" => TestSecrets.RandomText(40, seed),
            "hex64" => Convert.ToHexStringLower(Bytes(random, 32)),
            "guid" => new Guid(Bytes(random, 16)).ToString(),
            "b64_32" => Convert.ToBase64String(Bytes(random, 32)),
            "pwlike" => PasswordLike(random),
            _ => null,
        };
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A human-made password: a word, digits, a symbol ("Tiger2024!x").</summary>
    private static string PasswordLike(Random random)
    {
        string[] words = ["Tiger", "Summer", "Rocket", "Maple", "Falcon", "Orbit", "Copper", "Nimbus"];
        const string symbols = "!#@$%&*";
        return words[random.Next(words.Length)] + random.Next(10, 9999) + symbols[random.Next(symbols.Length)] + (char)('a' + random.Next(26)) + (char)('A' + random.Next(26));
    }
}
