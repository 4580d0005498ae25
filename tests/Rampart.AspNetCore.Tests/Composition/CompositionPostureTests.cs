using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>The start-up posture says what Rampart did beside other schemes, and never leaves keys unlimited silently.</summary>
public class CompositionPostureTests
{
    private static IEnumerable<string> Advice(RampartTestApp app)
        => app.Logs.GetSnapshot().Where(r => r.Id.Name == "SecurityPostureAdvice").Select(r => r.Message);

    private static string Posture(RampartTestApp app)
        => Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "SecurityPosture").Message;

    /// <summary>A host built by hand: these tests need what the shared test host always does (UseRampart, a test server).</summary>
    private static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddRampart(options =>
        {
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = TestPeppers.Version1;
            options.Store.Provider = ApiKeyStoreProvider.InMemory;
        });
        return builder;
    }

    [Fact]
    public async Task Beside_JWT_the_posture_names_the_app_s_default_and_how_to_require_keys_everywhere()
    {
        var jwt = new TestJwt();
        await using var app = await RampartTestApp.StartAsync(services: services => jwt.AddTo(services.AddAuthentication()));

        Assert.Contains("Bearer (the app's; Rampart sits beside Bearer", Posture(app), StringComparison.Ordinal);
        var advice = Assert.Single(Advice(app));
        Assert.Contains("RequireKeyByDefault", advice, StringComparison.Ordinal);
        Assert.Contains("FallbackPolicy = new AuthorizationPolicyBuilder(RampartDefaults.AuthenticationScheme)", advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rampart_alone_is_the_default_and_gives_no_advice()
    {
        await using var app = await RampartTestApp.StartAsync();

        Assert.Contains("Rampart (the app has no other authentication)", Posture(app), StringComparison.Ordinal);
        Assert.Empty(Advice(app));
    }

    [Fact]
    public async Task Rate_limits_switched_off_are_a_warning_naming_the_setting()
    {
        await using var app = await RampartTestApp.StartAsync(options => options.RateLimits.Enabled = false);

        Assert.Contains(Advice(app), a => a.Contains("Rampart:RateLimits:Enabled", StringComparison.Ordinal) && a.Contains("not rate limited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddRampart_without_UseRampart_is_a_warning_naming_the_fix()
    {
        var builder = Builder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        await app.StartAsync();

        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "SecurityPostureAdvice" && r.Message.Contains("app.UseRampart()", StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_server_without_an_HTTPS_endpoint_is_warned_about_at_start()
    {
        var builder = Builder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseRampart();
        await app.StartAsync();
        try
        {
            var warning = Assert.Single(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "SecurityPostureAdvice");
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("no HTTPS endpoint is bound (http://127.0.0.1:", warning.Message, StringComparison.Ordinal);
            Assert.Contains("--urls", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
