using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// Secret-named values of a test project that are the tests' data, whatever their randomness: a
/// constant whose name says it is the tests' own (<c>TestPassword</c>, <c>TestingApiKey</c>), and a test
/// vector, a data row that gives a secret-named input together with the output it must produce
/// (<c>[DataRow("&lt;shared secret&gt;", 1337UL, "47J4D")]</c> bound to <c>(sharedSecret, time, expectedCode)</c>).
/// </summary>
/// <remarks>
/// Only in a test project (<see cref="FixturePolicy.TestProject"/>), and only for values judged by
/// their name: a provider's token format (a <c>ghp_</c> token, an AWS key) is reported before the name
/// is read, in tests as anywhere.
/// </remarks>
internal static class TestDataScope
{
    /// <summary>The first word of a name that says its value is the tests' own ("fake", "dummy", "mock" already make a name non-secret everywhere).</summary>
    private static readonly string[] FixtureWords = { "test", "testing", "stub" };

    /// <summary>Data-row attributes whose positional arguments are the test method's parameters, in order.</summary>
    private static readonly string[] DataRowAttributes = { "InlineData", "DataRow", "TestCase", "Arguments" };

    public static bool IsTestData(SyntaxNode node, string? name, FixturePolicy fixtures)
        => fixtures == FixturePolicy.TestProject && (NamesFixture(name) || IsTestVector(node));

    /// <summary>"TestPassword", "TESTING_API_KEY", "stubSecret": the name's first word says the value is made up.</summary>
    public static bool NamesFixture(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var words = NameTokenizer.Split(name);
        return words.Count >= 2 && Array.IndexOf(FixtureWords, words[0]) >= 0;
    }

    /// <summary>
    /// A positional value of a data row on a test method that also takes an expected output
    /// (<c>expected</c>, <c>expectedHash</c>) the row gives, or a <c>[TestCase(…, ExpectedResult = …)]</c>.
    /// </summary>
    public static bool IsTestVector(SyntaxNode node)
    {
        if (node.Parent is not AttributeArgumentSyntax { NameEquals: null, NameColon: null, Parent: AttributeArgumentListSyntax list }
            || list.Parent is not AttributeSyntax attribute || !IsDataRow(attribute)
            || attribute.Parent?.Parent is not MethodDeclarationSyntax method)
        {
            return false;
        }

        var positional = 0;
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == "ExpectedResult")
            {
                return true;
            }

            if (argument.NameEquals is null && argument.NameColon is null)
            {
                positional++;
            }
        }

        var parameters = method.ParameterList.Parameters;
        for (var i = 0; i < parameters.Count && i < positional; i++)
        {
            if (parameters[i].Identifier.ValueText.StartsWith("expected", StringComparison.OrdinalIgnoreCase)
                && !parameters[i].Modifiers.Any(SyntaxKind.ParamsKeyword))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDataRow(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        if (name.EndsWith("Attribute", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Attribute".Length);
        }

        return Array.IndexOf(DataRowAttributes, name) >= 0;
    }
}
