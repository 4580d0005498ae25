using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;

namespace RampartApi.Security;

/// <summary>
/// Gives a developer a key to call the API with: in Development, when the store holds no key not
/// revoked, issues one with every scope of the example endpoints and prints it once to the console.
/// It is a test key (<c>prefix_test_…</c>), which the app refuses when it serves live keys.
/// </summary>
internal static class DevelopmentKey
{
    /// <summary>The scopes of the development key: every scope the example endpoints require.</summary>
    public static readonly IReadOnlyList<string> Scopes = ["orders:read", "orders:write"];

    /// <summary>Issues and prints a key when <paramref name="environment"/> is Development and no usable key exists.</summary>
    public static async Task<bool> IssueIfNoneAsync(IServiceProvider services, IHostEnvironment environment, TextWriter console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(console);
        if (!environment.IsDevelopment())
        {
            return false;
        }

        var keys = services.GetRequiredService<IApiKeyManager>();
        var existing = await keys.ListAsync(new ApiKeyQuery { Revoked = false, PageSize = 1 }, cancellationToken);
        if (existing.Items.Count > 0)
        {
            return false;
        }

        var created = await keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "development",
            Owner = "developer",
            Organization = "development",
            Scopes = Scopes,
        }, cancellationToken);

        // Written to the console, not the log: a key is shown once, to the person who asked for it.
        await console.WriteLineAsync($"""

            A development API key was issued. It is shown once; keep it:

                {created.Key}

            Call the API with:  curl -H "Authorization: Bearer <key>" https://localhost:7199/orders

            """);
        return true;
    }
}
