using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;

namespace Rampart.Testing;

/// <summary>
/// A real Rampart pipeline on TestServer with a fake clock and captured logs: <c>AddRampart()</c>,
/// <c>UseRampart()</c> and the endpoints a test maps. Test projects derive their own host from it to
/// add the endpoints and helpers they share.
/// </summary>
public class RampartTestHost : IAsyncDisposable
{
    /// <summary>The instant every fake clock starts at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder? _folder;

    protected RampartTestHost(Started started)
    {
        ArgumentNullException.ThrowIfNull(started);
        App = started.App;
        Time = started.Time;
        _folder = started.Folder;
        Logs = App.Services.GetFakeLogCollector();
        Client = App.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost/"); // Rampart refuses API requests over plain HTTP.
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public TestServer Server => App.GetTestServer();

    public IConfigurationRoot Configuration => (IConfigurationRoot)App.Configuration;

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    /// <summary>The SQLite key file, when the host keeps keys in one.</summary>
    public string? SqlitePath => _folder?.File("keys.db");

    /// <summary>The temporary folder of this host, when it has one.</summary>
    public TempFolder? Folder => _folder;

    public static async Task<RampartTestHost> StartAsync(RampartTestHostOptions options)
        => new(await BuildAsync(options));

    /// <summary>Builds and starts the app; derived hosts wrap the result.</summary>
    protected static async Task<Started> BuildAsync(RampartTestHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = options.Environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        if (options.Settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(options.Settings);
        }

        var time = options.Time ?? new FakeTimeProvider(Start);
        var folder = options.KeyStore == TestKeyStore.TempSqlite ? new TempFolder() : null;
        builder.Services.AddSingleton<TimeProvider>(time);
        options.ServicesBeforeRampart?.Invoke(builder.Services);
        builder.Services.AddRampart(rampart =>
        {
            rampart.Keys.Prefix = options.Prefix;
            rampart.Keys.Peppers[1] = options.Pepper;
            if (options.KeyStore == TestKeyStore.InMemory)
            {
                rampart.Store.Provider = ApiKeyStoreProvider.InMemory;
            }
            else if (folder is not null)
            {
                rampart.Store.Sqlite.Path = folder.File("keys.db");
            }

            options.Configure?.Invoke(rampart);
        });
        options.Services?.Invoke(builder.Services);
        options.Builder?.Invoke(builder);

        var app = builder.Build();
        options.BeforeRampart?.Invoke(app);
        app.UseRampart();
        options.Map?.Invoke(app);
        await app.StartAsync();
        return new Started(app, time, folder);
    }

    /// <summary>Creates a key of an organisation in the store directly (not through the admin endpoints).</summary>
    public Task<CreatedApiKey> CreateKeyInAsync(
        string organization,
        string[] scopes,
        string name = "test key",
        string? tier = null,
        string owner = "user-1")
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = name,
            Owner = owner,
            Organization = organization,
            Scopes = scopes,
            Tier = tier,
        });

    /// <summary>Sends a request with the key as a bearer token (none when null) and an optional JSON body.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? json = null, string? rawJson = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        else if (rawJson is not null)
        {
            request.Content = new StringContent(rawJson, System.Text.Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    /// <summary>Every captured log line: formatted message, each structured value and any exception.</summary>
    public IReadOnlyList<string> LoggedText() => Logs.LoggedText();

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _folder?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A started app, its clock and its temporary folder.</summary>
    protected sealed record Started(WebApplication App, FakeTimeProvider Time, TempFolder? Folder);
}
