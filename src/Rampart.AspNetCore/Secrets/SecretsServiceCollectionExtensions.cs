using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Secrets;

namespace Rampart.AspNetCore.Secrets;

/// <summary>Registers <see cref="ISecretProtector"/> and the validation of <c>Rampart:Secrets</c>.</summary>
internal static class SecretsServiceCollectionExtensions
{
    internal static IServiceCollection AddRampartSecrets(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, SecretProtectionOptionsValidator>());
        services.TryAddSingleton<SecretMetrics>();
        services.TryAddSingleton<ISecretProtector>(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<RampartOptions>>().Value.Secrets;
            var failures = new List<string>();
            return SecretKeyRing.TryLoad(options, failures) is { } ring
                ? new AesGcmSecretProtector(ring, provider.GetRequiredService<SecretMetrics>())
                : throw new InvalidOperationException("ISecretProtector cannot be used: " + string.Join(" ", failures));
        });
        return services;
    }
}

/// <summary>Checks the key ring at start when one is configured; an app that stores no secrets needs none.</summary>
internal sealed class SecretProtectionOptionsValidator : IValidateOptions<RampartOptions>
{
    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        if (!SecretKeyRing.IsConfigured(options.Secrets))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        SecretKeyRing.TryLoad(options.Secrets, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
