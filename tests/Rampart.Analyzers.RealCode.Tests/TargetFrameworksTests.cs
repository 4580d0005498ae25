using Rampart.Analyzers.RealCode.Packages;

namespace Rampart.Analyzers.RealCode.Tests;

public sealed class TargetFrameworksTests
{
    [Theory]
    [InlineData("", "netstandard2.0;net471;net48;net8.0;net9.0;net10.0", "net10.0")]
    [InlineData("", "net462;net9.0", "net9.0")]
    [InlineData("", "net48;netstandard2.1;netstandard2.0", "netstandard2.1")]
    [InlineData("", "net472;net48", "net48")]
    [InlineData("net8.0", "", "net8.0")]
    [InlineData("", "net8.0-windows;net6.0", "net8.0-windows")]
    public void The_framework_nearest_net10_stands_for_the_project(string targetFramework, string targetFrameworks, string expected)
        => Assert.Equal(expected, TargetFrameworks.Choose(targetFramework, targetFrameworks));

    [Theory]
    [InlineData("net48", ".NETFramework", "v4.8")]
    [InlineData("net472", ".NETFramework", "v4.7.2")]
    [InlineData("net8.0", ".NETCoreApp", "v8.0")]
    [InlineData("netcoreapp3.1", ".NETCoreApp", "v3.1")]
    [InlineData("netstandard2.0", ".NETStandard", "v2.0")]
    public void Monikers_give_the_properties_the_SDK_derives(string moniker, string identifier, string version)
    {
        var properties = TargetFrameworks.Properties(moniker);
        Assert.Equal(identifier, properties["TargetFrameworkIdentifier"]);
        Assert.Equal(version, properties["TargetFrameworkVersion"]);
    }
}
