using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Logging;

/// <summary>Checks <c>Rampart:Logging</c> at start; messages name the setting and never echo a secret.</summary>
internal sealed class RampartLoggingOptionsValidator : IValidateOptions<RampartOptions>
{
    private const string Section = $"{RampartOptions.SectionName}:Logging";

    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        var failures = new List<string>();
        var logging = options.Logging;
        if (logging.MaxValueLength is < 32 or > 65_536)
        {
            failures.Add($"{Section}:MaxValueLength must be between 32 and 65536.");
        }

        if (logging.Bodies.MaxBytes is < 0 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Section}:Bodies:MaxBytes must be between 0 and 16 MiB.");
        }

        if (logging.ClientAddressKey is { } key
            && (!RampartOptionsValidator.TryDecodePepper(key, out var bytes) || bytes.Length < 32))
        {
            failures.Add($"{Section}:ClientAddressKey must be base64 of at least 32 random bytes.");
        }

        if (logging.ClientAddressKey is null
            && logging.ClientAddressKeyPepperVersion is { } pinned
            && !options.Keys.Peppers.ContainsKey(pinned))
        {
            failures.Add($"{Section}:ClientAddressKeyPepperVersion is {pinned}, but that pepper version is not configured; configure it or set {Section}:ClientAddressKey.");
        }

        var store = logging.Store;
        if (store.ConnectionString is { } connection && string.IsNullOrWhiteSpace(connection))
        {
            failures.Add($"{Section}:Store:ConnectionString is empty; remove it or give a SQLite connection string such as 'Data Source=rampart-audit.db'.");
        }

        if (store.Retention < TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:Store:Retention must be at least one hour.");
        }

        if (store.PurgeInterval <= TimeSpan.Zero || store.PurgeInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:Store:PurgeInterval must be positive and at most one day.");
        }

        if (store.QueueCapacity < 1)
        {
            failures.Add($"{Section}:Store:QueueCapacity must be positive.");
        }

        if (store.DropReportInterval <= TimeSpan.Zero || store.DropReportInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:Store:DropReportInterval must be positive and at most one day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
