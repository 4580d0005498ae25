using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore;

/// <summary>Checks the options at start so a misconfigured app stops with a message naming the setting.</summary>
internal sealed class RampartOptionsValidator : IValidateOptions<RampartOptions>
{
    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        var failures = new List<string>();
        var keys = options.Keys;
        const string keysSection = $"{RampartOptions.SectionName}:Keys";

        if (!ApiKeyParser.IsValidPrefix(keys.Prefix))
        {
            failures.Add($"{keysSection}:Prefix must be 2 to 12 lower-case letters or digits starting with a letter (it is '{Printable(keys.Prefix)}').");
        }

        if (keys.Peppers.Count == 0)
        {
            failures.Add($"{keysSection}:Peppers is empty. Configure at least one pepper version outside committed files, e.g. `dotnet user-secrets set \"{keysSection}:Peppers:1\" \"$(openssl rand -base64 32)\"` or the environment variable Rampart__Keys__Peppers__1.");
        }

        foreach (var (version, value) in keys.Peppers)
        {
            // Never echo the value: it is a secret.
            if (version <= 0)
            {
                failures.Add($"{keysSection}:Peppers:{version}: pepper versions are positive integers.");
            }
            else if (!TryDecodePepper(value, out var bytes))
            {
                failures.Add($"{keysSection}:Peppers:{version} is not valid base64.");
            }
            else if (bytes.Length < ApiKeyHasher.MinPepperLength)
            {
                failures.Add($"{keysSection}:Peppers:{version} is {bytes.Length} bytes; a pepper must be at least {ApiKeyHasher.MinPepperLength} random bytes.");
            }
        }

        if (keys.CurrentPepperVersion is { } current && !keys.Peppers.ContainsKey(current))
        {
            failures.Add($"{keysSection}:CurrentPepperVersion is {current}, but {keysSection}:Peppers:{current} is not configured.");
        }

        if (keys.DefaultRotationGracePeriod < TimeSpan.Zero || keys.DefaultRotationGracePeriod > keys.MaxRotationGracePeriod)
        {
            failures.Add($"{keysSection}:DefaultRotationGracePeriod must be between zero and {keysSection}:MaxRotationGracePeriod.");
        }

        if (keys.CacheSize < 0 || keys.NegativeCacheSize < 0)
        {
            failures.Add($"{keysSection}:CacheSize and NegativeCacheSize cannot be negative.");
        }

        if (keys.CacheTimeToLive < TimeSpan.Zero || keys.CacheTimeToLive > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{keysSection}:CacheTimeToLive must be between zero and 10 minutes, so revocations cannot linger.");
        }

        if (keys.LastUsedFlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{keysSection}:LastUsedFlushInterval must be positive.");
        }

        var authentication = options.Authentication;
        const string authenticationSection = $"{RampartOptions.SectionName}:Authentication";
        if (authentication.HeaderName is { } header && (header.Length == 0 || header.Any(c => c <= ' ' || c >= 127 || c == ':')))
        {
            failures.Add($"{authenticationSection}:HeaderName is not a valid header name.");
        }

        if (string.IsNullOrWhiteSpace(authentication.QueryParameterName))
        {
            failures.Add($"{authenticationSection}:QueryParameterName cannot be empty.");
        }

        if (string.IsNullOrEmpty(authentication.Realm) || authentication.Realm.Any(c => c < ' ' || c >= 127 || c is '"' or '\\'))
        {
            failures.Add($"{authenticationSection}:Realm must be printable ASCII without quotes or backslashes.");
        }

        if (authentication.StoreUnavailableRetryAfterSeconds is < 1 or > 3600)
        {
            failures.Add($"{authenticationSection}:StoreUnavailableRetryAfterSeconds must be between 1 and 3600.");
        }

        ApiKeyStoreOptionsValidator.Validate(options.Store, failures);
        ValidateRoles(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRoles(RampartOptions options, List<string> failures)
    {
        const string rolesSection = $"{RampartOptions.SectionName}:Roles";
        foreach (var (role, scopes) in options.Roles)
        {
            if (!RoleCatalog.IsValidName(role))
            {
                failures.Add($"{rolesSection}: '{Printable(role)}' is not a valid role name: use 1 to 64 lower-case letters, digits, '.', '_' or '-'.");
            }
            else if (scopes is null || scopes.Length == 0 || !scopes.All(ApiScope.IsValidGrant))
            {
                failures.Add($"{rolesSection}:{role} must list one or more scopes of the form 'resource:action' ('*' for a whole part).");
            }
        }

        if (!ApiScope.IsValidRequirement(options.Management.OperatorScope))
        {
            failures.Add($"{RampartOptions.SectionName}:Management:OperatorScope must be a scope of the form 'resource:action' without wildcards.");
        }
    }

    internal static bool TryDecodePepper(string? value, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static string Printable(string? value)
        => value is null ? "null" : new string(value.Take(16).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
