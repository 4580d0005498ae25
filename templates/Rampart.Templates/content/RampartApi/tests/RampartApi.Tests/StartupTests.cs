using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using RampartApi.Security;

namespace RampartApi.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rampartapi-tests-").FullName;

    [Fact]
    public void Outside_development_a_missing_pepper_stops_the_app_with_a_message_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Rampart:Keys:Peppers", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_a_missing_pepper_is_generated_and_stored_in_user_secrets_keeping_other_secrets()
    {
        var secrets = Path.Combine(_directory, "secrets.json");
        File.WriteAllText(secrets, """{ "ConnectionStrings:Other": "kept" }""");
        var configuration = new ConfigurationManager();

        var written = DevelopmentPepper.EnsureConfigured(configuration, new Environment("Development"), secrets);

        Assert.Equal(secrets, written);
        var pepper = configuration[DevelopmentPepper.ConfigurationKey];
        Assert.NotNull(pepper);
        Assert.Equal(32, Convert.FromBase64String(pepper).Length);
        using var stored = JsonDocument.Parse(File.ReadAllText(secrets));
        Assert.Equal(pepper, stored.RootElement.GetProperty(DevelopmentPepper.ConfigurationKey).GetString());
        Assert.Equal("kept", stored.RootElement.GetProperty("ConnectionStrings:Other").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }
    }

    [Fact]
    public void A_user_secrets_file_that_is_not_json_is_left_alone_with_a_message_naming_it()
    {
        var secrets = Path.Combine(_directory, "secrets.json");
        File.WriteAllText(secrets, "not json {");

        var error = Assert.Throws<InvalidOperationException>(
            () => DevelopmentPepper.EnsureConfigured(new ConfigurationManager(), new Environment("Development"), secrets));

        Assert.Contains(secrets, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not json", error.Message, StringComparison.Ordinal);
        Assert.Equal("not json {", File.ReadAllText(secrets));
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void A_pepper_is_never_generated_when_one_is_configured_or_outside_development(string environment, bool configured)
    {
        var secrets = Path.Combine(_directory, "secrets.json");
        var configuration = new ConfigurationManager();
        if (configured)
        {
            configuration[DevelopmentPepper.ConfigurationKey] = "configured";
        }

        var written = DevelopmentPepper.EnsureConfigured(configuration, new Environment(environment), secrets);

        Assert.Null(written);
        Assert.False(File.Exists(secrets));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "RampartApi";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
