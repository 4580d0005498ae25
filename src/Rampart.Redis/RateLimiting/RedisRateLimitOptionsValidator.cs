using Microsoft.Extensions.Options;

namespace Rampart.Redis.RateLimiting;

/// <summary>Checks <c>Rampart:RateLimits:Redis</c> at start, naming the setting at fault.</summary>
internal sealed class RedisRateLimitOptionsValidator : IValidateOptions<RedisRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisRateLimitOptions options)
    {
        const string section = RedisRateLimitOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{section}:Configuration is required: a StackExchange.Redis configuration string such as 'localhost:6379'.");
        }
        else
        {
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration);
            }
            catch (ArgumentException)
            {
                // The string may hold a password: do not echo it.
                failures.Add($"{section}:Configuration is not a valid StackExchange.Redis configuration string.");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Any(c => c is '{' or '}' || char.IsControl(c)))
        {
            failures.Add($"{section}:KeyPrefix cannot be empty or contain braces.");
        }

        if (!Enum.IsDefined(options.FailureMode))
        {
            failures.Add($"{section}:FailureMode must be FallbackToMemory, FailOpen or FailClosed.");
        }

        if (options.FailureThreshold < 1)
        {
            failures.Add($"{section}:FailureThreshold must be at least 1.");
        }

        if (options.BreakDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{section}:BreakDuration must be at least one second.");
        }

        if (options.FirstProbeDelay <= TimeSpan.Zero || options.FirstProbeDelay > options.BreakDuration)
        {
            failures.Add($"{section}:FirstProbeDelay must be positive and at most BreakDuration.");
        }

        if (options.InstanceCount < 1 || options.InstanceCount > 10_000)
        {
            failures.Add($"{section}:InstanceCount must be between 1 and 10000.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{section}:Timeout must be between zero and 10 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
