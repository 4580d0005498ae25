using System.Security.Cryptography;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;

namespace Rampart.LoadTests;

/// <summary>3. Rampart's full pipeline with its defaults: everything <c>AddRampart</c> / <c>UseRampart</c> turn on.</summary>
internal sealed class RampartConfiguration(string workFolder) : IApiConfiguration
{
    private const string Prefix = "load";

    public object[] EndpointMetadata => [new RequireScopesAttribute("orders:read")];

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Keys:Prefix"] = Prefix,
            ["Rampart:Keys:Peppers:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rampart:Store:Sqlite:Path"] = Path.Combine(workFolder, "rampart.db"),
        });
        builder.Services.AddRampart();
    }

    public void ConfigurePipeline(WebApplication app) => app.UseRampart();

    public async Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var manager = services.GetRequiredService<IApiKeyManager>();
        var valid = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await manager.CreateAsync(new ApiKeyCreateRequest
            {
                Name = $"key {i}",
                Owner = "load",
                Organization = $"org{i % 10}",
                Scopes = ["orders:read"],
            });
            valid.Add(created.Key);
        }

        var badChecksum = valid.Select(k => k[..^1] + (k[^1] == '0' ? '1' : '0')).ToList();
        var unknown = Enumerable.Range(0, count).Select(_ => ApiKeyGenerator.NewKey(Prefix, ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId())).ToList();
        return new IssuedKeys(valid, badChecksum, unknown);
    }
}
