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

    private const string PeppersSection = "Rampart:Keys:Peppers";

    /// <summary>
    /// Ensures a development pepper exists. The entry assembly needs a <c>UserSecretsId</c>
    /// (<c>dotnet user-secrets init</c>).
    /// </summary>
    /// <returns><see langword="true"/> when a pepper was generated on this call.</returns>
    public static bool EnsureRampartDevelopmentPepper(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!NeedsPepper(builder.Configuration, builder.Environment))
        {
            return false;
        }

        var userSecretsId = Assembly.GetEntryAssembly()?.GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId
            ?? throw new InvalidOperationException(
                $"No pepper is configured ({PepperKey}) and the app has no UserSecretsId to store a development one in. Run 'dotnet user-secrets init' in the project folder, or set the environment variable Rampart__Keys__Peppers__1.");

        var path = PathHelper.GetSecretsPathFromSecretsId(userSecretsId);
        Ensure(builder.Configuration, builder.Environment, path);
        Console.WriteLine($"Rampart: no pepper was configured, so a new one was generated and stored in this project's user-secrets as {PepperKey} ({path}). Keys created from now on depend on it; keep it.");
        return true;
    }

    /// <summary>
    /// As <see cref="EnsureRampartDevelopmentPepper"/>, with the user-secrets file given and nothing
    /// written to the console. Returns whether a pepper was generated.
    /// </summary>
    internal static bool Ensure(IConfigurationManager configuration, IHostEnvironment environment, string secretsPath)
    {
        if (!NeedsPepper(configuration, environment))
        {
            return false;
        }

        var pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Store(secretsPath, PepperKey, pepper);
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(PepperKey, pepper)]);
        return true;
    }

    private static bool NeedsPepper(IConfiguration configuration, IHostEnvironment environment)
        => environment.IsDevelopment() && !configuration.GetSection(PeppersSection).GetChildren().Any();

    /// <summary>
    /// Sets <paramref name="key"/> in a user-secrets file, keeping every other entry, as
    /// <c>dotnet user-secrets set</c> does. A file that is not a JSON object is left untouched and
    /// named in the error (its content is never echoed: it holds secrets). The file is written
    /// beside the old one and then moved over it, readable by its owner only from the moment it exists.
    /// </summary>
    internal static void Store(string secretsPath, string key, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(secretsPath)!);

        var secrets = new JsonObject();
        if (File.Exists(secretsPath))
        {
            var text = File.ReadAllText(secretsPath);
            if (!string.IsNullOrWhiteSpace(text))
            {
                JsonNode? parsed;
                try
                {
                    parsed = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                }
                catch (JsonException)
                {
                    parsed = null;
                }

                secrets = parsed as JsonObject
                    ?? throw new InvalidOperationException($"The user-secrets file '{secretsPath}' does not hold a JSON object, so the development pepper was not stored. Fix or delete the file, then start the app again.");
            }
        }

        secrets[key] = value;

        // A stale temporary file is removed first: an existing file would keep its old permissions.
        var temporary = secretsPath + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, secrets, new JsonSerializerOptions { WriteIndented = true });
        }

        File.Move(temporary, secretsPath, overwrite: true);
    }
}
