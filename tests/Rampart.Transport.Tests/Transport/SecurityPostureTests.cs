using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Transport;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public sealed class SecurityPostureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rampart-posture-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string> Dangers() => new()
    {
        { "query-string", "Rampart:Authentication:AllowQueryString" },
        { "short-hsts", "Rampart:Transport:Hsts:MaxAge" },
        { "no-hsts", "Rampart:Transport:Hsts:Enabled" },
        { "allow-http", "Rampart:Transport:AllowHttp" },
        { "body-logging", "Rampart:Logging:Bodies" },
    };

    private static void Apply(string danger, WebApplicationBuilder builder)
    {
        builder.Services.Configure<RampartOptions>(o =>
        {
            switch (danger)
            {
                case "query-string": o.Authentication.AllowQueryString = true; break;
                case "short-hsts": o.Transport.Hsts.MaxAge = TimeSpan.FromDays(364); break;
                case "no-hsts": o.Transport.Hsts.Enabled = false; break;
                case "allow-http": o.Transport.AllowHttp = true; break;
            }
        });
        if (danger == "body-logging")
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecurityPostureContributor, UnredactedBodyLogging>());
        }
    }

    [Theory]
    [MemberData(nameof(Dangers))]
    public async Task A_dangerous_setting_stops_the_app_in_production_naming_the_setting(string danger, string setting)
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => TransportTestApp.StartAsync(builderSetup: b => Apply(danger, b)));

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Production'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_app_starts_no_hosted_service_so_the_server_never_listens()
    {
        var probe = new StartProbe();
        await Assert.ThrowsAsync<InvalidOperationException>(() => TransportTestApp.StartAsync(builderSetup: b =>
        {
            b.Services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService>(probe));
            Apply("allow-http", b);
        }));

        Assert.False(probe.Started);
    }

    private sealed class StartProbe : Microsoft.Extensions.Hosting.IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Dangers))]
    public async Task The_same_setting_is_a_warning_in_development(string danger, string setting)
    {
        await using var app = await TransportTestApp.StartAsync(builderSetup: b => Apply(danger, b), environment: "Development");

        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1321);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Rampart.Posture", warning.Category);
        Assert.Contains(setting, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secure_defaults_start_in_production_with_a_one_screen_summary()
    {
        await using var app = await TransportTestApp.StartAsync(o =>
        {
            o.Secrets.MasterKeys[1] = Secrets.SecretProtectorTests.NewMasterKey();
            o.Secrets.MasterKeys[2] = Secrets.SecretProtectorTests.NewMasterKey();
            o.Transport.TrustedProxies.Add("10.0.0.5");
        });

        var summary = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1320);
        Assert.Equal("Rampart.Posture", summary.Category);
        Assert.Equal(LogLevel.Information, summary.Level);
        var text = summary.Message;
        Assert.Contains("refused with 403 https-required (API paths: /)", text, StringComparison.Ordinal);
        Assert.Contains("max-age=31536000; includeSubDomains", text, StringComparison.Ordinal);
        Assert.Contains("Keys seen over HTTP", text, StringComparison.Ordinal);
        Assert.Contains("10.0.0.5", text, StringComparison.Ordinal);
        Assert.Contains("master-key versions 1, 2 (current)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DANGER", text, StringComparison.Ordinal);
        Assert.True(text.Split('\n').Length <= 25, "The summary should fit on one screen.");
        Assert.DoesNotContain(TestPeppers.Version1, text, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Id is 1321 or 1322);
    }

    [Theory]
    [InlineData("appsettings.json", "Keys", true)]
    [InlineData("appsettings.Production.json", "Secrets", true)]
    [InlineData("secrets.json", "Keys", false)]
    [InlineData("settings.json", "Keys", false)]
    public async Task A_pepper_or_master_key_in_a_committed_appsettings_file_stops_production(string file, string section, bool refused)
    {
        var value = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(_directory, file);
        var json = section == "Keys"
            ? $$"""{ "Rampart": { "Keys": { "Peppers": { "2": "{{value}}" } } } }"""
            : $$"""{ "Rampart": { "Secrets": { "MasterKeys": { "1": "{{value}}" } } } }""";
        File.WriteAllText(path, json);

        var start = () => TransportTestApp.StartAsync(builderSetup: b => b.Configuration.AddJsonFile(path, optional: false));
        if (!refused)
        {
            await using var app = await start();
            return;
        }

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(start);
        Assert.Contains(section == "Keys" ? "Rampart:Keys:Peppers" : "Rampart:Secrets:MasterKeys", exception.Message, StringComparison.Ordinal);
        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [InlineData(UnixFileMode.UserRead, false)]
    public async Task The_summary_says_when_the_key_ring_file_is_readable_by_other_users(UnixFileMode mode, bool flagged)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("File modes are a Unix notion; this test runs on Linux and macOS.");
            return;
        }

        var path = Path.Combine(_directory, "ring.json");
        File.WriteAllText(path, "{ \"1\": \"" + Secrets.SecretProtectorTests.NewMasterKey() + "\" }");
        File.SetUnixFileMode(path, mode);

        await using var app = await TransportTestApp.StartAsync(o => o.Secrets.KeyRingPath = path);

        var summary = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1320).Message;
        Assert.Contains("master-key versions 1 (current)", summary, StringComparison.Ordinal);
        Assert.Equal(flagged, summary.Contains("READABLE BY OTHER USERS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trusting_forwarded_headers_from_everyone_stops_production()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => TransportTestApp.StartAsync(
            builderSetup: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FORWARDEDHEADERS_ENABLED"] = "true" })));

        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 365, "Rampart:Transport:Hsts:IncludeSubDomains")]
    [InlineData(true, 180, "Rampart:Transport:Hsts:MaxAge")]
    public async Task Preload_is_refused_at_start_unless_its_requirements_hold(bool includeSubDomains, int days, string setting)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => TransportTestApp.StartAsync(o =>
        {
            o.Transport.Hsts.Preload = true;
            o.Transport.Hsts.IncludeSubDomains = includeSubDomains;
            o.Transport.Hsts.MaxAge = TimeSpan.FromDays(days);
        }, environment: "Development"));

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains("Preload", exception.Message, StringComparison.Ordinal);
    }

    private sealed class UnredactedBodyLogging : ISecurityPostureContributor
    {
        public void Contribute(SecurityPostureReport report)
        {
            report.Add("Body logging", "on, NOT redacted");
            report.AddDanger("Rampart:Logging:Bodies", "request bodies are logged without redaction.");
        }
    }
}
