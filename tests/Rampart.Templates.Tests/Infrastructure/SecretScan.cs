using System.Text.RegularExpressions;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>Fails when a generated file holds something that looks like a secret.</summary>
internal static partial class SecretScan
{
    public static void AssertNoSecret(string file, string text)
    {
        Assert.False(Password().IsMatch(text), $"{file} holds a password in a connection string.");
        foreach (Match run in Base64Run().Matches(text))
        {
            Assert.False(IsHighEntropy(run.Value), $"{file} holds a high-entropy value ({run.Value.Length} characters) that looks like a secret.");
        }

        foreach (var line in text.Split('\n'))
        {
            // A pepper may be named (e.g. in a message) but never given a value.
            if (line.Contains("Peppers", StringComparison.Ordinal) && line.Contains("\":", StringComparison.Ordinal))
            {
                Assert.Fail($"{file} configures a pepper: {line.Trim()}");
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> holds a password assignment or a long high-entropy run.</summary>
    public static bool LooksLikeSecret(string value)
        => Password().IsMatch(value) || Base64Run().Matches(value).Any(run => IsHighEntropy(run.Value));

    private static bool IsHighEntropy(string run)
        => run.Any(char.IsDigit) && run.Any(char.IsUpper) && run.Any(char.IsLower) && Entropy(run) > 4.5;

    private static double Entropy(string value)
    {
        var entropy = 0.0;
        foreach (var group in value.GroupBy(c => c))
        {
            var p = (double)group.Count() / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*[^;""\s]+")]
    private static partial Regex Password();

    [GeneratedRegex(@"[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex Base64Run();
}
