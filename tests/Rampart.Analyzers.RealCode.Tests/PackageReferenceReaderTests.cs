using Rampart.Analyzers.RealCode.Packages;

namespace Rampart.Analyzers.RealCode.Tests;

public sealed class PackageReferenceReaderTests : IDisposable
{
    private readonly CodeBaseFolder folder = new();

    public void Dispose() => folder.Dispose();

    private IReadOnlyList<PackageReference> Read(string project)
        => PackageReferenceReader.Read(PackageReferenceReader.Evaluate(project, folder.Root));

    private static Dictionary<string, string?> Versions(IEnumerable<PackageReference> packages)
        => packages.ToDictionary(p => p.Name, p => p.Version, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Version_on_the_reference_is_read_and_a_missing_one_is_null()
    {
        var project = folder.Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NLog" Version="5.3.4" />
                <PackageReference Include="Serilog"><Version>4.0.1</Version></PackageReference>
                <PackageReference Include="Unversioned" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("5.3.4", versions["NLog"]);
        Assert.Equal("4.0.1", versions["Serilog"]);
        Assert.Null(versions["Unversioned"]);
    }

    [Fact]
    public void Central_management_takes_the_package_version_and_VersionOverride_wins()
    {
        folder.Write("Directory.Packages.props", """
            <Project>
              <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageVersion Include="Polly" Version="8.5.0" />
                <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.0" />
              </ItemGroup>
            </Project>
            """);
        var project = folder.Write("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" />
                <PackageReference Include="Polly" VersionOverride="7.2.4" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("13.0.3", versions["Newtonsoft.Json"]);
        Assert.Equal("7.2.4", versions["Polly"]);
        Assert.Equal("3.6.0", versions["Nerdbank.GitVersioning"]);
    }

    [Fact]
    public void Without_central_management_package_versions_only_fill_in_a_missing_version()
    {
        folder.Write("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="Polly" Version="8.5.0" />
                <PackageVersion Include="Moq" Version="4.20.72" />
                <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.0" />
              </ItemGroup>
            </Project>
            """);
        var project = folder.Write("Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Polly" Version="7.0.0" />
                <PackageReference Include="Moq" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("7.0.0", versions["Polly"]);
        Assert.Equal("4.20.72", versions["Moq"]);
        Assert.False(versions.ContainsKey("Nerdbank.GitVersioning"));
    }

    [Fact]
    public void Versions_come_from_properties_of_Directory_Build_props_and_its_imports()
    {
        folder.Write("build/versions.props", """
            <Project>
              <PropertyGroup><SerilogVersion>3.1.1</SerilogVersion></PropertyGroup>
            </Project>
            """);
        folder.Write("Directory.Build.props", """
            <Project>
              <Import Project="$(MSBuildThisFileDirectory)build/versions.props" />
              <PropertyGroup><NLogVersion>5.2.8</NLogVersion></PropertyGroup>
            </Project>
            """);
        folder.Write("src/Directory.Build.props", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
              <PropertyGroup><NLogVersion>5.3.4</NLogVersion></PropertyGroup>
            </Project>
            """);
        var project = folder.Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="NLog" Version="$(NLogVersion)" />
                <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
                <PackageReference Include="Undefined" Version="$(NoSuchVersion)" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("5.3.4", versions["NLog"]);
        Assert.Equal("3.1.1", versions["Serilog"]);
        Assert.Null(versions["Undefined"]);
    }

    [Fact]
    public void Conditions_are_read_for_the_framework_nearest_net10()
    {
        folder.Write("Directory.Packages.props", """
            <Project>
              <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net10.0'"><TestHostVersion>10.0.0</TestHostVersion></PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net8.0'"><TestHostVersion>8.0.21</TestHostVersion></PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Microsoft.AspNetCore.TestHost" Version="$(TestHostVersion)" />
                <PackageVersion Include="System.Text.Json" Version="9.0.0" />
                <PackageVersion Include="Nullable" Version="1.3.1" />
              </ItemGroup>
            </Project>
            """);
        var project = folder.Write("test/Tests/Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFrameworks>net48;net8.0;net10.0;netstandard2.0</TargetFrameworks></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.AspNetCore.TestHost" />
              </ItemGroup>
              <ItemGroup Condition="$(TargetFramework) == 'net48' Or '$(TargetFrameworkIdentifier)' == '.NETStandard'">
                <PackageReference Include="System.Text.Json" />
              </ItemGroup>
              <ItemGroup Condition="'$([MSBuild]::GetTargetFrameworkIdentifier($(TargetFramework)))' == '.NETCoreApp' And !$(TargetFramework.StartsWith('net4'))">
                <PackageReference Include="Nullable" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("10.0.0", versions["Microsoft.AspNetCore.TestHost"]);
        Assert.False(versions.ContainsKey("System.Text.Json"));
        Assert.Equal("1.3.1", versions["Nullable"]);
    }

    [Fact]
    public void Update_in_Directory_Build_targets_and_Remove_change_what_the_project_included()
    {
        folder.Write("Directory.Build.targets", """
            <Project>
              <ItemGroup>
                <PackageReference Update="Dapper" Version="2.1.35" />
                <PackageReference Update="NotReferenced" Version="1.0.0" />
                <PackageReference Remove="Moq" />
              </ItemGroup>
            </Project>
            """);
        var project = folder.Write("Data/Data.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Dapper;Moq" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);

        var versions = Versions(Read(project));

        Assert.Equal("2.1.35", versions["Dapper"]);
        Assert.Equal(["Dapper"], versions.Keys);
    }

    [Fact]
    public void PrivateAssets_all_keeps_a_package_from_flowing_to_referencing_projects()
    {
        var project = folder.Write("Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="MinVer" Version="6.0.0" PrivateAssets="All" />
                <PackageReference Include="Analyzers" Version="1.0.0"><PrivateAssets>all</PrivateAssets><IncludeAssets>analyzers</IncludeAssets></PackageReference>
                <PackageReference Include="NLog" Version="5.3.4" PrivateAssets="compile" />
              </ItemGroup>
            </Project>
            """);

        var packages = Read(project).ToDictionary(p => p.Name);

        Assert.False(packages["MinVer"].Flows);
        Assert.False(packages["Analyzers"].Flows);
        Assert.Equal("analyzers", packages["Analyzers"].IncludeAssets);
        Assert.True(packages["NLog"].Flows);
    }

    [Fact]
    public void Using_items_add_and_remove_global_usings()
    {
        folder.Write("Directory.Build.props", """
            <Project>
              <ItemGroup>
                <Using Include="Xunit" />
                <Using Include="System.Net.Http" />
              </ItemGroup>
            </Project>
            """);
        var project = folder.Write("Tests/Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <Using Remove="System.Net.Http" />
                <Using Include="Newtonsoft.Json" Alias="Json" />
                <Using Include="System.Math" Static="true" />
              </ItemGroup>
            </Project>
            """);

        var (add, remove) = UsingItems.Read(PackageReferenceReader.Evaluate(project, folder.Root));

        Assert.Equal(["global::Xunit", "Json = global::Newtonsoft.Json", "static global::System.Math"], add);
        Assert.Equal(["System.Net.Http"], remove);
    }
}
