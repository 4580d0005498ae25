using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Rampart.AspNetCore.Hosting;

namespace Rampart.AspNetCore.Tests.Hosting;

public sealed class DevelopmentPepperTests : IDisposable
{
    private const string PepperKey = "Rampart:Keys:Peppers:1";

    private readonly string _directory = Directory.CreateTempSubdirectory("rampart-pepper-tests-").FullName;

    private string SecretsPath => Path.Combine(_directory, "secrets", "secrets.json");

    [Fact]
    public void In_development_a_missing_pepper_is_generated_and_stored_in_user_secrets_keeping_other_secrets()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SecretsPath)!);
        File.WriteAllText(SecretsPath, """{ "ConnectionStrings:Other": "kept" }""");
        var configuration = new ConfigurationManager();

        var generated = RampartDevelopmentPepper.Ensure(configuration, new Environment("Development"), SecretsPath);

        Assert.True(generated);
        var pepper = configuration[PepperKey];
        Assert.NotNull(pepper);
        Assert.Equal(32, Convert.FromBase64String(pepper).Length);
        using var stored = JsonDocument.Parse(File.ReadAllText(SecretsPath));
        Assert.Equal(pepper, stored.RootElement.GetProperty(PepperKey).GetString());
        Assert.Equal("kept", stored.RootElement.GetProperty("ConnectionStrings:Other").GetString());
        Assert.False(File.Exists(SecretsPath + ".tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SecretsPath));
        }
    }

    [Fact]
    public void A_missing_secrets_file_and_its_folder_are_created()
    {
        var configuration = new ConfigurationManager();

        Assert.True(RampartDevelopmentPepper.Ensure(configuration, new Environment("Development"), SecretsPath));

        using var stored = JsonDocument.Parse(File.ReadAllText(SecretsPath));
        Assert.Equal(configuration[PepperKey], stored.RootElement.GetProperty(PepperKey).GetString());
    }

    [Theory]
    [InlineData("not json {")]
    [InlineData("""[ "an array", "of secrets" ]""")]
    public void A_user_secrets_file_that_is_not_a_json_object_is_left_alone_with_a_message_naming_it(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SecretsPath)!);
        File.WriteAllText(SecretsPath, content);
        var configuration = new ConfigurationManager();

        var error = Assert.Throws<InvalidOperationException>(
            () => RampartDevelopmentPepper.Ensure(configuration, new Environment("Development"), SecretsPath));

        Assert.Contains(SecretsPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("json {", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("of secrets", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(SecretsPath));
        Assert.Null(configuration[PepperKey]);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void A_pepper_is_never_generated_when_one_is_configured_or_outside_development(string environment, bool configured)
    {
        var configuration = new ConfigurationManager();
        if (configured)
        {
            configuration[PepperKey] = "configured";
        }

        var generated = RampartDevelopmentPepper.Ensure(configuration, new Environment(environment), SecretsPath);

        Assert.False(generated);
        Assert.False(File.Exists(SecretsPath));
        Assert.Equal(configured ? "configured" : null, configuration[PepperKey]);
    }

    [Theory]
    [InlineData("""{ "Rampart:Keys:Peppers:1": "kept-pepper", "Other": "kept" }""")]
    [InlineData("""{ "rampart": { "keys": { "peppers": { "1": "kept-pepper" } } } }""")]
    public void A_pepper_entry_already_in_the_file_but_not_loaded_is_never_overwritten(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SecretsPath)!);
        File.WriteAllText(SecretsPath, content);
        var configuration = new ConfigurationManager();

        var error = Assert.Throws<InvalidOperationException>(
            () => RampartDevelopmentPepper.Ensure(configuration, new Environment("Development"), SecretsPath));

        Assert.Contains(SecretsPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kept-pepper", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(SecretsPath));
        Assert.Null(configuration[PepperKey]);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(SecretsPath)!));
    }

    [Fact]
    public void The_secrets_folder_is_made_private_and_a_link_planted_at_the_old_temporary_name_is_not_followed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.GetDirectoryName(SecretsPath)!;
        var victim = Path.Combine(_directory, "victim.txt");
        File.WriteAllText(victim, "untouched");
        var configuration = new ConfigurationManager();

        Assert.True(RampartDevelopmentPepper.Ensure(configuration, new Environment("Development"), SecretsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));

        // A second store beside a planted link: the link and its target are left as they are.
        File.CreateSymbolicLink(SecretsPath + ".tmp", victim);
        RampartDevelopmentPepper.Store(SecretsPath, "Other:Entry", "value");
        Assert.Equal("untouched", File.ReadAllText(victim));
        using var stored = JsonDocument.Parse(File.ReadAllText(SecretsPath));
        Assert.Equal(configuration[PepperKey], stored.RootElement.GetProperty(PepperKey).GetString());
        Assert.Equal("value", stored.RootElement.GetProperty("Other:Entry").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SecretsPath));
        Assert.Equal(2, Directory.GetFileSystemEntries(folder).Length); // the file and the planted link, no leftover
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Rampart.AspNetCore.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
