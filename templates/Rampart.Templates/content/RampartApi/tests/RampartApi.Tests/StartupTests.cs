using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RampartApi.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Outside_development_a_missing_pepper_stops_the_app_with_a_message_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Production").UseInMemoryRampart());

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
        using var factory = InProduction(setting, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SecurityTxt:Contact", "security@example.com")]
    [InlineData("SecurityTxt:Contact", "http://example.com/report")]
    [InlineData("SecurityTxt:Policy", "http://example.com/policy")]
    [InlineData("SecurityTxt:Expires", "")]
    public void A_security_txt_that_cannot_be_served_stops_the_app(string setting, string value)
    {
        using var factory = InProduction(setting, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.True(error.ToString().Contains(setting.Split(':')[1], StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public void Outside_development_the_secure_defaults_start()
    {
        using var factory = InProduction();

        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        Assert.NotNull(client);
    }

    /// <summary>The app in Production with a pepper made for the test and <paramref name="setting"/> set to <paramref name="value"/>.</summary>
    private static WebApplicationFactory<Program> InProduction(string? setting = null, string? value = null)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production")
                .UseSetting("Rampart:Keys:Peppers:1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
                .UseInMemoryRampart();
            if (setting is not null)
            {
                b.UseSetting(setting, value);
            }
        });
}
