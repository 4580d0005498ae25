using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Rampart.Analyzers.Configuration;
using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Robustness;

/// <summary>No analyzer may throw (AD0001), whatever the code or configuration file looks like.</summary>
public class NoCrashTests
{
    private static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new HardCodedSecretAnalyzer(), new ConstantCredentialAnalyzer(), new ConfigurationFileAnalyzer(), new LoggingAnalyzer());

    [Fact]
    public async Task Every_CSharp_and_configuration_file_in_the_repository_is_analyzed_without_a_crash()
    {
        var root = RuleRegistryTests.FindRepositoryRoot();
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/.git/", StringComparison.Ordinal))
            .ToList();
        var sources = files.Where(f => f.EndsWith(".cs", StringComparison.Ordinal)).ToList();
        Assert.True(sources.Count > 20, "Expected the repository's C# files, found " + sources.Count);
        var trees = sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), path: f)).ToList();
        var additional = files
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".config", StringComparison.Ordinal))
            .Select(f => (AdditionalText)new InMemoryAdditionalText(f, File.ReadAllText(f)))
            .ToList();
        additional.Add(new InMemoryAdditionalText(Path.Combine(root, "appsettings.json"), "{ \"a\": \"b\" }"));

        await AssertNoCrashAsync(trees, additional);
    }

    [Fact]
    public async Task Odd_syntax_is_analyzed_without_a_crash()
    {
        await AssertNoCrashAsync(OddSources().Select((s, i) => CSharpSyntaxTree.ParseText(s, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), path: $"/odd/File{i}.cs")).ToList(), OddConfigurationFiles());
    }

    private static IEnumerable<string> OddSources()
    {
        var key = TestSecrets.RampartKey();
        yield return "";
        yield return "class";
        yield return "\"unterminated";
        yield return "class C { string s = \"unterminated\n }";
        yield return "class C { string s = $\"{(\"nested {(\"deeper\")}\")} {x:N2} {{literal}}\"; }";
        yield return "class C { string s = $$\"\"\"\n  {{{1 + 1}}} \"\" {x}\n  \"\"\"; }";
        yield return "class C { string s = \"\"\"\"\"\"\"\n\"\"\"\"\"\" text\n\"\"\"\"\"\"\"; }";
        yield return "class C { string s = \"\\uD800\\uDFFF\\uD800 lone surrogate \\0 \\x1\"; char c = '\\uFFFF'; }";
        yield return "class C { string s = \"" + new string('a', 200_000) + "\"; }";
        yield return "class C { string s = \"" + key + "\" + " + string.Join(" + ", Enumerable.Range(0, 5_000).Select(i => "\"p" + i + "\"")) + "; }";
        yield return "class C { const string A = \"x\"; string s = " + string.Join(" + ", Enumerable.Range(0, 2_000).Select(_ => "A")) + "; }";
        yield return "class C { string password = ((((((\"" + TestSecrets.RandomText(32) + "\")))))); }";
        yield return "#if DEBUG\nclass C { string apiKey = \"" + TestSecrets.RandomText(32) + "\"; }\n#else\nclass C { string apiKey = \"other\n#endif";
        yield return "using System; unsafe class C { void M() { int* p = stackalloc int[3]; var a = __arglist(1); var t = __makeref(a); } }";
        yield return "var password = args[0] ?? \"" + TestSecrets.RandomText(20) + "\"; System.Console.WriteLine(password switch { \"a\" => 1, _ => 2 });";
        yield return "class C { void M() { var d = new System.Collections.Generic.Dictionary<string, string> { [\"password\"] = , { \"token\" } , { } }; } }";
        yield return "class C { void M() { M(password:); M(apiKey: \"x\", ); new { Secret = }; } }";
        yield return "[assembly: Foo(Password = \"" + TestSecrets.RandomText(24) + "\")] class FooAttribute : System.Attribute { public string Password { get; set; } }";
        yield return "class C { void M(dynamic logger, object o) { logger.LogInformation(\"{A}\", o); Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(null!, null, (object[])null!); } }";
        yield return """
            using Microsoft.Extensions.Logging;
            partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "x {Email}")]
                public static partial void A(ILogger logger, string email);
                [LoggerMessage(2, LogLevel.Information, "x")]
                public partial void B(string token);
                [LoggerMessage]
                static partial void C(this ILogger logger, Missing missing, params object[] rest);
                void D(ILogger l) { A(l, null!); B(default); C(l, null!, 1, 2, 3); l.BeginScope(l); l.Log(LogLevel.Debug, default, (object)null!, null, (s, e) => ""); }
            }
            """;
        yield return "using System.Net; class C { void M() { new NetworkCredential(\"u\", ); new NetworkCredential { Password = }; var k = new System.Security.Cryptography.HMACSHA256(new byte[] { 1, , 3 }); } }";
        yield return "using System.Security.Cryptography; class C { void M(Aes a) { a.Key = [1, 2, ..M2()]; a.Key = \"\"u8.ToArray(); } byte[] M2() => []; }";
        yield return "class C<T> where T : System.Attribute { [System.Obsolete(\"ghp_\" + nameof(T))] T? M<U>(U u) => default; string s = @\"\"\"\"\"\"; }";
        yield return string.Concat(Enumerable.Repeat("class N { ", 300)) + "string token = \"" + TestSecrets.RandomText(30) + "\";" + string.Concat(Enumerable.Repeat("}", 300));
        yield return "record R([property: Microsoft.AspNetCore.Identity.PersonalData] string Email) { public override string ToString() => Email; } class C { void M(Microsoft.Extensions.Logging.ILogger l, R[][] r, System.Collections.Generic.IEnumerable<R?>? e) { Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(l, \"{A} {B}\", r, e); } }";
    }

    private static List<AdditionalText> OddConfigurationFiles()
    {
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        return
        [
            new InMemoryAdditionalText("/odd/appsettings.json", Encoding.Latin1.GetString(bytes)),
            new InMemoryAdditionalText("/odd/appsettings.Deep.json", new string('[', 100_000) + "\"" + TestSecrets.GitHubToken() + "\""),
            new InMemoryAdditionalText("/odd/appsettings.Escapes.json", "{ \"a\": \"\\u12\", \"b\": \"\\"),
            new InMemoryAdditionalText("/odd/appsettings.Comments.json", "/* unterminated { \"password\": \"x\" "),
            new InMemoryAdditionalText("/odd/Properties/launchSettings.json", "{\"profiles\":{\"x\":{\"environmentVariables\":{\"TOKEN\":"),
            new InMemoryAdditionalText("/odd/web.config", "<configuration><add key=\"k\" value=\"" + new string('"', 10) + "<add " + string.Concat(Enumerable.Repeat("a=\"b\" ", 20_000))),
            new InMemoryAdditionalText("/odd/app.config", "<" + new string(' ', 50_000) + "add key='x' value='" + TestSecrets.RandomText(30) + "'"),
            new InMemoryAdditionalText("/odd/.npmrc", "=\n//r/:_authToken=\"" + TestSecrets.Npm() + "\n;\n[\n" + Encoding.Latin1.GetString(bytes)),
            new InMemoryAdditionalText("/odd/config/odd.ini", "[unterminated\n= value\npassword =\n'key' = 'x\n" + new string('=', 50_000)),
            new InMemoryAdditionalText("/odd/infra/odd.tfvars", "/* never closed\npassword = \"x\"\n" + new string('"', 20_000)),
            new InMemoryAdditionalText("/odd/infra/main.tfvars", "a = \"\nb = \"" + TestSecrets.RandomText(30) + "\nparam = \"=\"\n= \"x\"\n"),
            new InMemoryAdditionalText("/odd/infra/main.bicepparam", "param\nparam x\nparam y =\nparam z = 'unterminated\nparam " + new string(' ', 10_000) + "= 'a'"),
            new InMemoryAdditionalText("/odd/Dockerfile", "ENV\nENV \\\n\\\nARG =\nENV A=\"unterminated\nENV " + string.Concat(Enumerable.Repeat("A=B ", 20_000)) + "\nENV K"),
            new InMemoryAdditionalText("/odd/.github/workflows/odd.yml", "run: |\n  --\n  --password\n  -\nscript:\n  - ${{\n  - \"--token=" + TestSecrets.RandomText(30) + "\n" + new string('-', 50_000)),
            new InMemoryAdditionalText("/odd/nuget.config", "<packageSourceCredentials><feed><add key=\"ClearTextPassword\" value=\""),
        ];
    }

    private static async Task AssertNoCrashAsync(IReadOnlyList<SyntaxTree> trees, IReadOnlyList<AdditionalText> additionalFiles)
    {
        var compilation = CSharpCompilation.Create("Robustness", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([.. additionalFiles]),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AllAnalyzers(), options).GetAnalyzerDiagnosticsAsync();
        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).Concat(exceptions).ToList();
        Assert.True(crashes.Count == 0, string.Join("\n\n", crashes));
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
