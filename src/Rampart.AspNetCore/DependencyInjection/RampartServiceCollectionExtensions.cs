using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.DependencyInjection;
using Rampart.AspNetCore.Secrets;
using Rampart.AspNetCore.Transport;
using Rampart.AspNetCore.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Rampart.</summary>
public static class RampartServiceCollectionExtensions
{
    /// <summary>
    /// Adds API-key authentication and scope authorization, configured from the <c>Rampart</c>
    /// configuration section. Options are validated when the app starts.
    /// </summary>
    public static IServiceCollection AddRampart(this IServiceCollection services)
        => services.AddRampart(static _ => { });

    /// <summary>
    /// Adds API-key authentication and scope authorization, configured from the <c>Rampart</c>
    /// configuration section and then by <paramref name="configure"/>. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddRampart(this IServiceCollection services, Action<RampartOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<RampartOptions>()
            .BindConfiguration(RampartOptions.SectionName)
            .Configure(configure)
            .ValidateOnStart();

        if (services.Any(d => d.ServiceType == typeof(RampartMarkerService)))
        {
            return services;
        }

        services.AddSingleton<RampartMarkerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, RampartOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddRampartStore();
        services.TryAddSingleton<IApiKeyChangeNotifier, SingleInstanceChangeNotifier>();
        services.TryAddSingleton(CreateHasher);
        services.TryAddSingleton<ApiKeyRecordCache>();
        services.TryAddSingleton<RoleCatalog>();
        services.TryAddSingleton<LastUsedRecorder>();
        services.TryAddSingleton<ApiKeyHashUpgrader>();
        services.TryAddSingleton<ApiKeyVerifier>();
        services.TryAddSingleton<ApiKeyProblemWriter>();
        services.TryAddSingleton<ApiKeyHashStatistics>();
        services.TryAddSingleton<ApiKeyRateLimitReader>();

        // Created at start so the rampart.keys.hashed gauge exists before anyone asks for counts.
        services.AddHostedService(static sp => sp.GetRequiredService<ApiKeyHashStatistics>());
        services.TryAddSingleton<IApiKeyManager, ApiKeyManager>();
        services.AddHostedService<LastUsedFlushService>();

        // Each part of Rampart registers itself.
        Rampart.AspNetCore.RateLimiting.RateLimitingServiceCollectionExtensions.AddRampartRateLimiting(services);
        Rampart.AspNetCore.Logging.RampartLoggingServiceCollectionExtensions.AddRampartLogging(services);
        Rampart.AspNetCore.Logging.Scrubbing.LogScrubbingServiceCollectionExtensions.AddRampartLogScrubbing(services);
        Rampart.AspNetCore.Problems.ProblemsServiceCollectionExtensions.AddRampartProblems(services);
        TransportServiceCollectionExtensions.AddRampartTransport(services);
        SecretsServiceCollectionExtensions.AddRampartSecrets(services);
        Rampart.AspNetCore.Incidents.IncidentServiceCollectionExtensions.AddRampartIncidents(services);

        services.AddAuthentication();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddTransient<ApiKeyAuthenticationHandler>();
        services.Configure<AuthenticationOptions>(options => options.AddScheme(RampartDefaults.AuthenticationScheme, scheme =>
        {
            scheme.HandlerType = typeof(ApiKeyAuthenticationHandler);
            scheme.DisplayName = "API key";
        }));
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ScopeAuthorizationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, OrganizationAuthorizationHandler>());

        // Replaces the default result handler; it delegates everything but missing scopes to it.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAuthorizationResultHandler>();

        // A library adds, it does not take over: Rampart is the default scheme and the fallback
        // policy only when the app has no other authentication. The posture check says which.
        services.AddOptions<AuthenticationOptions>().PostConfigure(DefaultScheme.Choose);
        services.AddOptions<AuthorizationOptions>().PostConfigure<IOptions<RampartOptions>, IOptions<AuthenticationOptions>>((authorization, rampart, authentication) =>
        {
            if (rampart.Value.Authentication.RequireKeyByDefault && !AuthenticationComposition.OtherSchemesOf(authentication.Value).Any())
            {
                // Rampart is the default scheme here and has already authenticated the request.
                authorization.FallbackPolicy ??= new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });
        services.TryAddSingleton<AuthenticationComposition>();
        services.TryAddSingleton<RampartPipelineMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecurityPostureContributor, AuthenticationPosture>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HttpsEndpointCheck>());

        return services;
    }

    private static ApiKeyHasher CreateHasher(IServiceProvider services)
    {
        // Options were validated on start; decoding cannot fail here.
        var keys = services.GetRequiredService<IOptions<RampartOptions>>().Value.Keys;
        var peppers = new Dictionary<int, byte[]>();
        foreach (var (version, value) in keys.Peppers)
        {
            if (RampartOptionsValidator.TryDecodePepper(value, out var bytes))
            {
                peppers[version] = bytes;
            }
        }

        return new ApiKeyHasher(peppers, keys.CurrentPepperVersion ?? peppers.Keys.Max());
    }
}
