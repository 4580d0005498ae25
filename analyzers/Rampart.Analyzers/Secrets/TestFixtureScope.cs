using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Options;

namespace Rampart.Analyzers.Secrets;

/// <summary>Where made-up passphrases are the tests' own fixtures.</summary>
internal enum FixturePolicy
{
    /// <summary>Inside test methods only (a project that is not a test project).</summary>
    TestMethods,

    /// <summary>Anywhere: the compilation is a test project.</summary>
    TestProject,

    /// <summary>Nowhere: <c>rampart.report_test_fixtures = true</c>.</summary>
    Report,
}

/// <summary>Test code's own credentials: which compilations and methods hold them, and which values they are.</summary>
internal static class TestFixtureScope
{
    public static FixturePolicy PolicyFor(Compilation compilation, AnalyzerOptions options)
        => RampartAnalyzerOptions.LeavesTestFixtures(compilation, options) ? FixturePolicy.TestProject
            : RampartAnalyzerOptions.ReportsTestFixtures(options) ? FixturePolicy.Report : FixturePolicy.TestMethods;

    /// <summary>
    /// In a test project, a passphrase a person made up ("Alongside-Unworthy-Query3-Cozy") is the
    /// password of a certificate or vault the test creates: a fixture, not a leak.
    /// </summary>
    /// <remarks>
    /// Outside a test project, the same holds inside a test method (<c>[Fact]</c>, <c>[Theory]</c>,
    /// <c>[Test]</c>, <c>[TestCase]</c>, <c>[TestMethod]</c>, <c>[DataTestMethod]</c>): test code kept
    /// beside the code it tests. The syntax is read only for values about to be reported.
    /// </remarks>
    /// <remarks>
    /// In a test project, so is a value that spells out what it is in words, with a short tail that
    /// looks random ("JWTRefreshTokenHIGHsecuredPasswordVVVp1OH7Xzyr"): a tutorial's or a fixture's label.
    /// </remarks>
    public static bool IsTestPassphrase(string value, FixturePolicy fixtures, SyntaxNode node)
        => fixtures != FixturePolicy.Report
            && ((TestFixtureCredentials.IsHumanMadePassphrase(value) && (fixtures == FixturePolicy.TestProject || InTestMethod(node)))
                || (fixtures == FixturePolicy.TestProject && TestFixtureCredentials.IsSelfDescribingLabel(value)));

    /// <summary>
    /// A constant password handed to a credential API in test code (<c>new NetworkCredential("username",
    /// "password")</c>, <c>("user", "pencil")</c>) is the test's own dummy when a literal of that value would
    /// not be reported there under a password's name: a plain or dummy word, or a passphrase a person
    /// made up. Outside test code every constant password is reported, whatever it is.
    /// </summary>
    public static bool IsTestCredential(string value, FixturePolicy fixtures, SyntaxNode node, double entropyThreshold)
        => fixtures != FixturePolicy.Report && (fixtures == FixturePolicy.TestProject || InTestMethod(node))
            && (!SecretText.LooksLikeSecret(value, entropyThreshold, ignoreHexDigests: false) || IsTestPassphrase(value, fixtures, node));

    public static bool InTestMethod(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is MethodDeclarationSyntax method)
            {
                foreach (var list in method.AttributeLists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                            : (attribute.Name as IdentifierNameSyntax)?.Identifier.ValueText;
                        if (name is "Fact" or "FactAttribute" or "Theory" or "TheoryAttribute" or "Test" or "TestAttribute" or "TestCase" or "TestCaseAttribute"
                            or "TestMethod" or "TestMethodAttribute" or "DataTestMethod" or "DataTestMethodAttribute")
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            if (ancestor is TypeDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }
}
