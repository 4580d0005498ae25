using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Authentication;

public class StartupTests
{
    [Fact]
    public void UseRampart_without_AddRampart_fails_naming_AddRampart()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.UseRampart());

        Assert.Contains("AddRampart", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string?, string?, string> BadConfigurations() => new()
    {
        { null, "acme", "Rampart:Keys:Peppers" },
        { Convert.ToBase64String(new byte[16]), "acme", "Rampart:Keys:Peppers:1" },
        { "not base64!", "acme", "Rampart:Keys:Peppers:1" },
        { TestPeppers.Version1, "Bad_Prefix", "Rampart:Keys:Prefix" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task Bad_configuration_stops_the_app_naming_the_key(string? pepper, string? prefix, string configurationKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var settings = new Dictionary<string, string?> { ["Rampart:Keys:Prefix"] = prefix };
        if (pepper is not null)
        {
            settings["Rampart:Keys:Peppers:1"] = pepper;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRampart();
        // Options are validated when first resolved: building the host, the pipeline or starting.
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            app.UseRampart();
            await app.StartAsync();
        });

        Assert.Contains(configurationKey, exception.Message, StringComparison.Ordinal);
        if (pepper is not null)
        {
            Assert.DoesNotContain(pepper, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Configuration_binds_from_the_Rampart_section()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Keys:Prefix"] = "shop",
            ["Rampart:Keys:Environment"] = "Test",
            ["Rampart:Keys:Peppers:1"] = TestPeppers.Version1,
            ["Rampart:Keys:Peppers:2"] = TestPeppers.Version2,
            ["Rampart:Authentication:HeaderName"] = "X-Api-Key",
            ["Rampart:Store:Provider"] = "InMemory",
        });
        builder.Services.AddRampart();
        builder.Services.AddRampart(); // a second call is harmless
        await using var app = builder.Build();
        app.UseRampart();
        await app.StartAsync();

        var options = app.Services.GetRequiredService<IOptions<RampartOptions>>().Value;
        Assert.Equal("shop", options.Keys.Prefix);
        Assert.Equal(Rampart.AspNetCore.Keys.ApiKeyEnvironment.Test, options.Keys.Environment);
        Assert.Equal(2, options.Keys.Peppers.Count);
        Assert.Equal("X-Api-Key", options.Authentication.HeaderName);

        var created = await app.Services.GetRequiredService<Rampart.AspNetCore.Management.IApiKeyManager>()
            .CreateAsync(new() { Name = "n", Owner = "o", Organization = "g", Scopes = ["a:b"] });
        Assert.StartsWith("shop_test_", created.Key, StringComparison.Ordinal);
        Assert.Equal(2, created.Record.PepperVersion);
        await app.StopAsync();
    }
}
