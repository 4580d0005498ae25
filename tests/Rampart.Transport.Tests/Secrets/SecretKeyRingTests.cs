using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Secrets;

namespace Rampart.Transport.Tests.Secrets;

public sealed class SecretKeyRingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rampart-keyring-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider Build(Action<IConfigurationBuilder> configuration)
    {
        var builder = new ConfigurationBuilder();
        configuration(builder);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Build());
        services.AddLogging();
        services.AddRampart(o => o.Keys.Peppers[1] = TestPeppers.Version1);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Keys_come_from_configuration_such_as_environment_variables()
    {
        var prefix = "RMPTEST_" + Guid.NewGuid().ToString("N") + "_";
        Environment.SetEnvironmentVariable(prefix + "Rampart__Secrets__MasterKeys__1", SecretProtectorTests.NewMasterKey());
        Environment.SetEnvironmentVariable(prefix + "Rampart__Secrets__MasterKeys__2", SecretProtectorTests.NewMasterKey());
        try
        {
            using var provider = Build(c => c.AddEnvironmentVariables(prefix));
            var protector = provider.GetRequiredService<ISecretProtector>();

            Assert.Equal(2, protector.CurrentKeyVersion);
            var context = new SecretContext("t", "p");
            Assert.Equal("s", protector.Unprotect(protector.Protect("s", context), context));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Rampart__Secrets__MasterKeys__1", null);
            Environment.SetEnvironmentVariable(prefix + "Rampart__Secrets__MasterKeys__2", null);
        }
    }

    [Fact]
    public void Keys_come_from_a_key_ring_file_alongside_configured_ones_and_current_can_be_pinned()
    {
        var path = Path.Combine(_directory, "keyring.json");
        File.WriteAllText(path, $$"""{ "2": "{{SecretProtectorTests.NewMasterKey()}}", "3": "{{SecretProtectorTests.NewMasterKey()}}" }""");
        using var provider = Build(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Secrets:MasterKeys:1"] = SecretProtectorTests.NewMasterKey(),
            ["Rampart:Secrets:KeyRingPath"] = path,
            ["Rampart:Secrets:CurrentKeyVersion"] = "2",
        }));

        var protector = provider.GetRequiredService<ISecretProtector>();

        Assert.Equal(2, protector.CurrentKeyVersion);
        Assert.Equal(2, protector.GetKeyVersion(protector.Protect([1, 2, 3], [])));
    }

    public static TheoryData<string, string?, string> BadRings() => new()
    {
        // key ring file content (null: no file), inline key 1, expected message part
        { "{\"1\": \"AAAA\"}", null, "Rampart:Secrets:MasterKeys:1 is 3 bytes" },
        { "{\"1\": \"%%%\"}", null, "Rampart:Secrets:MasterKeys:1 is not valid base64" },
        { "not json", null, "Rampart:Secrets:KeyRingPath: the key ring file is not valid JSON" },
        { "[1,2]", null, "must hold a JSON object" },
        { "{\"one\": \"x\"}", null, "every entry must be" },
        { "{\"1\": \"" + Convert.ToBase64String(new byte[32]) + "\"}", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "version 1 is also configured" },
        { "{\"0\": \"" + Convert.ToBase64String(new byte[32]) + "\"}", null, "positive integers" },
    };

    [Theory]
    [MemberData(nameof(BadRings))]
    public void A_bad_key_ring_stops_start_up_naming_the_key_and_never_echoing_a_value(string file, string? inline, string expected)
    {
        var path = Path.Combine(_directory, "ring.json");
        File.WriteAllText(path, file);
        var settings = new Dictionary<string, string?> { ["Rampart:Secrets:KeyRingPath"] = path };
        if (inline is not null)
        {
            settings["Rampart:Secrets:MasterKeys:1"] = inline;
        }

        using var provider = Build(c => c.AddInMemoryCollection(settings));

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RampartOptions>>().Value);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        if (inline is not null)
        {
            Assert.DoesNotContain(inline, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_key_ring_file_is_named()
    {
        using var provider = Build(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Rampart:Secrets:KeyRingPath"] = Path.Combine(_directory, "absent.json") }));

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RampartOptions>>().Value);
        Assert.Contains("Rampart:Secrets:KeyRingPath: the key ring file cannot be read", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_ring_the_app_starts_but_the_protector_says_what_to_configure()
    {
        using var provider = Build(_ => { });

        _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RampartOptions>>().Value;
        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISecretProtector>());
        Assert.Contains("Rampart:Secrets:MasterKeys:1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_version_that_is_not_configured_is_refused()
    {
        using var provider = Build(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Secrets:MasterKeys:1"] = SecretProtectorTests.NewMasterKey(),
            ["Rampart:Secrets:CurrentKeyVersion"] = "2",
        }));

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RampartOptions>>().Value);
        Assert.Contains("Rampart:Secrets:CurrentKeyVersion is 2", exception.Message, StringComparison.Ordinal);
    }

}
