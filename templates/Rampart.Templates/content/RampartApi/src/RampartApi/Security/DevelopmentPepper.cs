using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace RampartApi.Security;

/// <summary>
/// Gives a development machine its own pepper on first run, so `dotnet run` works at once without a
/// secret in any file of the project.
/// </summary>
internal static class DevelopmentPepper
{
    /// <summary>The configuration key of the generated pepper (version 1).</summary>
    public const string ConfigurationKey = "Rampart:Keys:Peppers:1";

    private const string PeppersSection = "Rampart:Keys:Peppers";

    /// <summary>
    /// In Development, when no pepper is configured, generates one (32 bytes from the operating
    /// system's CSPRNG), stores it in this project's user-secrets and adds it to
    /// <paramref name="configuration"/>. Returns the path of the secrets file it wrote, or
    /// <see langword="null"/> when it did nothing. Outside Development it never does anything: a
    /// missing pepper there stops the app at start.
    /// </summary>
    public static string? EnsureConfigured(IConfigurationManager configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsDevelopment() || configuration.GetSection(PeppersSection).GetChildren().Any())
        {
            return null;
        }

        var secretsId = typeof(DevelopmentPepper).Assembly.GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId
            ?? throw new InvalidOperationException("The project has no UserSecretsId, so a development pepper cannot be stored. Set one with `dotnet user-secrets init`.");
        return EnsureConfigured(configuration, environment, PathHelper.GetSecretsPathFromSecretsId(secretsId));
    }

    /// <summary>As <see cref="EnsureConfigured(IConfigurationManager, IHostEnvironment)"/>, with the secrets file given.</summary>
    internal static string? EnsureConfigured(IConfigurationManager configuration, IHostEnvironment environment, string secretsPath)
    {
        if (!environment.IsDevelopment() || configuration.GetSection(PeppersSection).GetChildren().Any())
        {
            return null;
        }

        var pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Store(secretsPath, ConfigurationKey, pepper);
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(ConfigurationKey, pepper)]);
        return secretsPath;
    }

    /// <summary>
    /// Sets <paramref name="key"/> in a user-secrets file, keeping every other entry, as
    /// `dotnet user-secrets set` does. The file is readable by its owner only.
    /// </summary>
    internal static void Store(string secretsPath, string key, string value)
    {
        var directory = Path.GetDirectoryName(secretsPath)!;
        Directory.CreateDirectory(directory);

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
                    // The file's content is not echoed: it holds secrets.
                    parsed = null;
                }

                secrets = parsed as JsonObject
                    ?? throw new InvalidOperationException($"The user-secrets file '{secretsPath}' does not hold a JSON object; fix or delete it, then run the app again.");
            }
        }

        secrets[key] = value;

        // Write beside it, then replace, so a crash never leaves half a file.
        var temporary = secretsPath + ".tmp";
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

/// <summary>What <see cref="DevelopmentPepper"/> tells the developer. The pepper itself is never logged.</summary>
internal static partial class DevelopmentPepperLog
{
    [LoggerMessage(EventId = 1, EventName = "DevelopmentPepperCreated", Level = LogLevel.Warning,
        Message = "No pepper was configured, so a new random one was generated and stored in user-secrets as {Setting} ({FilePath}). Keys issued on this machine in Development are hashed with it: keep it. Outside Development, configure the pepper yourself (user-secrets, the environment variable Rampart__Keys__Peppers__1, or a secret manager).")]
    public static partial void PepperCreated(ILogger logger, string setting, string filePath);
}
