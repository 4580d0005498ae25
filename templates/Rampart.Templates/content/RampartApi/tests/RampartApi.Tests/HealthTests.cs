using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace RampartApi.Tests;

public sealed class HealthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task The_probes_answer_without_a_key(string path)
    {
        using var client = factory.CreateClient(key: null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task When_the_key_store_does_not_answer_the_app_is_not_ready_but_still_alive()
    {
        using var outage = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IApiKeyStore, UnreachableStore>())));
        using var client = outage.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>A key store whose database is down.</summary>
    private sealed class UnreachableStore : IApiKeyStore
    {
        public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => throw Down();

        public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => throw Down();

        public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default) => throw Down();

        public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default) => throw Down();

        private static ApiKeyStoreUnavailableException Down() => new("The database is down.");
    }
}
