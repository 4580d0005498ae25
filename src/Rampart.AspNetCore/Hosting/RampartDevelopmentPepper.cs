using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.Hosting;

namespace Rampart.AspNetCore.Hosting;

/// <summary>
/// First-run convenience for Development: when no pepper is configured, makes one with the CSPRNG
/// and stores it in the project's user-secrets (outside the repository), saying so on the console.
/// Outside Development it does nothing, and a missing pepper stops the app at start-up.
/// </summary>
public static class RampartDevelopmentPepper
{
    private const string PepperKey = "Rampart:Keys:Peppers:1";

    /// <summary>
    /// Ensures a development pepper exists. The entry assembly needs a <c>UserSecretsId</c>
    /// (<c>dotnet user-secrets init</c>).
    /// </summary>
    /// <returns><see langword="true"/> when a pepper was generated on this call.</returns>
    public static bool EnsureRampartDevelopmentPepper(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment() || builder.Configuration.GetSection("Rampart:Keys:Peppers").GetChildren().Any())
        {
            return false;
        }

        var userSecretsId = Assembly.GetEntryAssembly()?.GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId;
        if (userSecretsId is null)
        {
            throw new InvalidOperationException(
                $"No pepper is configured ({PepperKey}) and the app has no UserSecretsId to store a development one in. Run 'dotnet user-secrets init' in the project folder, or set the environment variable Rampart__Keys__Peppers__1.");
        }

        var path = PathHelper.GetSecretsPathFromSecretsId(userSecretsId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secrets = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        var pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        secrets[PepperKey] = pepper;
        File.WriteAllText(path, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        builder.Configuration.AddInMemoryCollection([new(PepperKey, pepper)]);
        Console.WriteLine($"Rampart: no pepper was configured, so a new one was generated and stored in this project's user-secrets ({path}). Keys created from now on depend on it; keep it.");
        return true;
    }
}
