using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rampart.Analyzers.Options;

/// <summary>
/// The analyzers' settings, read from <c>.editorconfig</c> (per file) or a global config:
/// <list type="bullet">
/// <item><c>rampart.secret_words</c>: extra words that name a secret (comma-separated).</item>
/// <item><c>rampart.entropy_threshold</c>: bits per character a secret-named value needs (default 3.0).</item>
/// <item><c>rampart.allowed_values</c>: literal values never reported (comma-separated).</item>
/// <item><c>rampart.excluded_paths</c>: file globs never scanned (comma-separated, <c>*</c> and <c>**</c>).</item>
/// <item><c>rampart.scan_test_projects</c>: whether test projects are scanned (default true).</item>
/// <item><c>rampart.report_test_fixtures</c>: whether test projects' made-up passphrases are reported too (default false).</item>
/// <item><c>rampart.ignore_hex_digests</c>: hex strings of digest length (MD5/SHA) are not secrets (default false).</item>
/// <item><c>rampart.personal_data_words</c>: extra words that name personal data for RMP0008.</item>
/// </list>
/// </summary>
internal sealed class RampartAnalyzerOptions
{
    public const double DefaultEntropyThreshold = 3.0;

    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, RampartAnalyzerOptions> Cache = new();

    public static readonly RampartAnalyzerOptions Default = new(
        Array.Empty<string>(), DefaultEntropyThreshold, new HashSet<string>(StringComparer.Ordinal), Array.Empty<Regex>(), true, false, Array.Empty<string>());

    private RampartAnalyzerOptions(
        IReadOnlyCollection<string> secretWords,
        double entropyThreshold,
        HashSet<string> allowedValues,
        Regex[] excludedPaths,
        bool scanTestProjects,
        bool ignoreHexDigests,
        IReadOnlyCollection<string> personalDataWords)
    {
        SecretWords = secretWords;
        EntropyThreshold = entropyThreshold;
        AllowedValues = allowedValues;
        ExcludedPaths = excludedPaths;
        ScanTestProjects = scanTestProjects;
        IgnoreHexDigests = ignoreHexDigests;
        PersonalDataWords = personalDataWords;
    }

    public IReadOnlyCollection<string> SecretWords { get; }

    public double EntropyThreshold { get; }

    public HashSet<string> AllowedValues { get; }

    public Regex[] ExcludedPaths { get; }

    public bool ScanTestProjects { get; }

    public bool IgnoreHexDigests { get; }

    public IReadOnlyCollection<string> PersonalDataWords { get; }

    /// <summary>The options that apply to <paramref name="tree"/>.</summary>
    public static RampartAnalyzerOptions For(AnalyzerOptions options, SyntaxTree tree)
        => Get(options.AnalyzerConfigOptionsProvider.GetOptions(tree));

    /// <summary>The options that apply to an additional file.</summary>
    public static RampartAnalyzerOptions For(AnalyzerOptions options, AdditionalText file)
        => Get(options.AnalyzerConfigOptionsProvider.GetOptions(file));

    /// <summary>True when the value is allow-listed.</summary>
    public bool IsAllowed(string value) => AllowedValues.Count > 0 && AllowedValues.Contains(value);

    /// <summary>True when <paramref name="path"/> matches an excluded glob.</summary>
    public bool IsExcluded(string? path)
    {
        if (path is null || ExcludedPaths.Length == 0)
        {
            return false;
        }

        var normalized = path.Replace('\\', '/');
        foreach (var glob in ExcludedPaths)
        {
            if (glob.IsMatch(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the compilation is a test project and test projects are not to be scanned.</summary>
    public static bool SkipsCompilation(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var scan = !global.TryGetValue("rampart.scan_test_projects", out var value) || !bool.TryParse(value.Trim(), out var parsed) || parsed;
        return !scan && IsTestProject(compilation, options);
    }

    /// <summary>
    /// True when the compilation is a test project whose fixture credentials (made-up passphrases,
    /// local connection strings under them) are left alone: the default, unless
    /// <c>rampart.report_test_fixtures = true</c> in the global options.
    /// </summary>
    public static bool LeavesTestFixtures(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var report = global.TryGetValue("rampart.report_test_fixtures", out var value) && bool.TryParse(value.Trim(), out var parsed) && parsed;
        return !report && IsTestProject(compilation, options);
    }

    /// <summary>True when <c>rampart.report_test_fixtures = true</c> in the global options.</summary>
    public static bool ReportsTestFixtures(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("rampart.report_test_fixtures", out var value) && bool.TryParse(value.Trim(), out var parsed) && parsed;

    /// <summary>
    /// True when the compilation is a test project: its <c>IsTestProject</c> property is true (the
    /// packages expose it to the compiler) or it references xUnit, NUnit or MSTest.
    /// </summary>
    public static bool IsTestProject(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (global.TryGetValue("build_property.IsTestProject", out var isTest) && string.Equals(isTest.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            var name = reference.Name;
            if (name == "xunit.core" || name == "xunit.v3.core" || name == "nunit.framework" || name == "Microsoft.VisualStudio.TestPlatform.TestFramework" || name == "MSTest.TestFramework")
            {
                return true;
            }
        }

        return false;
    }

    private static RampartAnalyzerOptions Get(AnalyzerConfigOptions config)
        => Cache.GetValue(config, Parse);

    private static RampartAnalyzerOptions Parse(AnalyzerConfigOptions config)
    {
        var secretWords = List(config, "rampart.secret_words", lower: true);
        var threshold = config.TryGetValue("rampart.entropy_threshold", out var t)
            && double.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 && parsed < 8
            ? parsed
            : DefaultEntropyThreshold;
        var allowed = new HashSet<string>(List(config, "rampart.allowed_values", lower: false), StringComparer.Ordinal);
        var globs = List(config, "rampart.excluded_paths", lower: false);
        var excluded = new Regex[globs.Count];
        for (var i = 0; i < globs.Count; i++)
        {
            excluded[i] = GlobToRegex(globs[i]);
        }

        var scanTests = !config.TryGetValue("rampart.scan_test_projects", out var s) || !bool.TryParse(s.Trim(), out var scan) || scan;
        var ignoreHex = config.TryGetValue("rampart.ignore_hex_digests", out var h) && bool.TryParse(h.Trim(), out var hex) && hex;
        var personal = List(config, "rampart.personal_data_words", lower: true);
        if (secretWords.Count == 0 && allowed.Count == 0 && excluded.Length == 0 && personal.Count == 0
            && threshold == DefaultEntropyThreshold && scanTests && !ignoreHex)
        {
            return Default;
        }

        return new RampartAnalyzerOptions(secretWords, threshold, allowed, excluded, scanTests, ignoreHex, personal);
    }

    private static List<string> List(AnalyzerConfigOptions config, string key, bool lower)
    {
        var result = new List<string>();
        if (config.TryGetValue(key, out var raw))
        {
            foreach (var item in raw.Split(','))
            {
                var trimmed = item.Trim();
                if (trimmed.Length > 0)
                {
                    result.Add(lower ? trimmed.ToLowerInvariant() : trimmed);
                }
            }
        }

        return result;
    }

    /// <summary>"**/Fixtures/**" → a regex matched against the end of a '/'-separated path.</summary>
    private static Regex GlobToRegex(string glob)
    {
        var pattern = Regex.Escape(glob.Replace('\\', '/'))
            .Replace(@"\*\*/", "(?:.*/)?")
            .Replace(@"\*\*", ".*")
            .Replace(@"\*", "[^/]*")
            .Replace(@"\?", "[^/]");
        return new Regex("(?:^|/)" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    }
}
