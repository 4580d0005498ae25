using Microsoft.Extensions.Options;
using Npgsql;

namespace Rampart.PostgreSql;

/// <summary>Start-up checks naming the configuration key. Never echoes the connection string, which may hold a password.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        const string section = PostgreSqlStoreOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{section}:ConnectionString is required, e.g. Rampart__Store__PostgreSql__ConnectionString=\"Host=db;Database=app;Username=app;Password=...\".");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                failures.Add($"{section}:ConnectionString is not a valid Npgsql connection string.");
            }
        }

        if (!PostgreSqlStoreOptions.IsValidIdentifier(options.Schema))
        {
            failures.Add($"{section}:Schema must be 1 to 40 lower-case letters, digits or '_', starting with a letter or '_'.");
        }

        if (options.ListenerReconnectDelay <= TimeSpan.Zero || options.ListenerReconnectDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:ListenerReconnectDelay must be between zero and 5 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
