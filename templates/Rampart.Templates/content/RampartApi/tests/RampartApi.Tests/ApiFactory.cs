using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;

namespace RampartApi.Tests;

/// <summary>
/// The real app (its Program.cs) on TestServer, with a pepper made for this test run: nothing
/// secret is committed, and the machine's user-secrets are never read or written. Keys are kept in
/// memory and rate limits counted in memory (<see cref="InMemoryRampart"/>), so no database or
/// Redis is needed, and time stands still unless a test moves it.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The app's clock.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The environment the app runs in.</summary>
    protected virtual string EnvironmentName => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Rampart:Keys:Peppers:1", _pepper);
        builder.UseInMemoryRampart();
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
    }

    /// <summary>The app's own key manager.</summary>
    public IApiKeyManager Keys => Services.GetRequiredService<IApiKeyManager>();

    /// <summary>Issues a key through the app's own key manager and returns its text (shown once).</summary>
    public async Task<string> CreateKeyAsync(string organization, params string[] scopes)
        => (await IssueAsync(organization, scopes)).Key;

    /// <summary>Issues a key through the app's own key manager.</summary>
    public Task<CreatedApiKey> IssueAsync(string organization, params string[] scopes)
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "test key",
            Owner = "tests",
            Organization = organization,
            Scopes = scopes,
        });

    /// <summary>An HTTPS client that sends <paramref name="key"/> as a bearer token, or no credentials.</summary>
    public HttpClient CreateClient(string? key) => CreateClient(key, "https://localhost");

    /// <summary>A client for <paramref name="baseAddress"/> that sends <paramref name="key"/> as a bearer token, or no credentials.</summary>
    public HttpClient CreateClient(string? key, string baseAddress)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
