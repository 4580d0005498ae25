using Rampart.Analyzers.RealCode.Packages;

namespace Rampart.Analyzers.RealCode.Tests;

public sealed class ConditionEvaluatorTests
{
    private static readonly Dictionary<string, string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["$(TargetFramework)"] = "net10.0",
        ["$(IsTestProject)"] = "true",
        ["$(Empty)"] = "",
        ["$(Count)"] = "3",
    };

    private static bool Evaluate(string condition)
        => ConditionEvaluator.Evaluate(condition, text => Properties.Aggregate(text, (t, p) => t.Replace(p.Key, p.Value, StringComparison.OrdinalIgnoreCase)), path => path == "present.props");

    [Theory]
    [InlineData("'$(TargetFramework)' == 'net10.0'", true)]
    [InlineData("'$(TargetFramework)' == 'NET10.0'", true)]
    [InlineData("'$(TargetFramework)' != 'net10.0'", false)]
    [InlineData("$(TargetFramework) == 'net48'", false)]
    [InlineData("'$(Empty)' == ''", true)]
    [InlineData("$(IsTestProject)", true)]
    [InlineData("!$(IsTestProject)", false)]
    [InlineData("'$(TargetFramework)' == 'net48' or '$(IsTestProject)' == 'true'", true)]
    [InlineData("'$(TargetFramework)' == 'net48' Or ('$(IsTestProject)' == 'true' And '$(Empty)' != '')", false)]
    [InlineData("$(Count) > 2 and $(Count) <= 3", true)]
    [InlineData("Exists('present.props')", true)]
    [InlineData("!Exists('absent.props')", true)]
    public void Conditions_evaluate_as_MSBuild_does(string condition, bool expected)
        => Assert.Equal(expected, Evaluate(condition));

    [Theory]
    [InlineData("'$(TargetFramework)' == ")]
    [InlineData("'unterminated == 'x'")]
    [InlineData("$(TargetFramework)")]
    [InlineData("'a' < 'b'")]
    public void A_condition_it_cannot_read_is_false_and_does_not_throw(string condition)
        => Assert.False(Evaluate(condition));
}
