using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RampartApi.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Outside_development_a_missing_pepper_stops_the_app_with_a_message_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Rampart:Keys:Peppers", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rampart:Transport:Hsts:Enabled", "false")]
    [InlineData("Rampart:Transport:AllowHttp", "true")]
    [InlineData("Rampart:Authentication:AllowQueryString", "true")]
    public void Outside_development_a_setting_that_weakens_transport_security_stops_the_app(string setting, string value)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Rampart:Keys:Peppers:1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .UseSetting("Rampart:Store:Provider", "InMemory")
            .UseSetting("Rampart:RateLimits:Redis:Enabled", "false")
            .UseSetting(setting, value));

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_the_secure_defaults_start()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Rampart:Keys:Peppers:1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .UseSetting("Rampart:Store:Provider", "InMemory")
            .UseSetting("Rampart:RateLimits:Redis:Enabled", "false"));

        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        Assert.NotNull(client);
    }
}
