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
    /// Adds <paramref name="key"/> to a user-secrets file, keeping every other entry, as
    /// <c>dotnet user-secrets set</c> does, but never replacing an entry that is already there: a pepper in
    /// the file that configuration did not load is a set-up problem to fix, not a value to overwrite (keys
    /// hashed under it would stop verifying). A file that is not a JSON object is left untouched and named in
    /// the error (its content is never echoed: it holds secrets). The folder is made readable by its owner
    /// only; the new file is created beside the old one under a fresh name (never following a link, never
    /// reusing a file that exists), readable by its owner only from the moment it exists, then moved over it.
    /// </summary>
    internal static void Store(string secretsPath, string key, string value)
    {
        var folder = Path.GetDirectoryName(secretsPath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

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

        if (Contains(secrets, key))
        {
            throw new InvalidOperationException(
                $"The user-secrets file '{secretsPath}' already holds {key}, but the app's configuration did not load it, so it was left as it is (replacing it would break every key hashed under it). Check that the app loads user-secrets in Development (the same UserSecretsId), or set Rampart__Keys__Peppers__1.");
        }

        secrets[key] = value;

        var temporary = secretsPath + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, secrets, new JsonSerializerOptions { WriteIndented = true });
            }

            File.Move(temporary, secretsPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    // User-secrets files hold flat "A:B:C" names, but nested objects load the same way.
    private static bool Contains(JsonObject secrets, string key)
    {
        foreach (var (name, node) in secrets)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (node is JsonObject child
                && key.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)
                && Contains(child, key[(name.Length + 1)..]))
            {
                return true;
            }
        }

        return false;
    }
}
