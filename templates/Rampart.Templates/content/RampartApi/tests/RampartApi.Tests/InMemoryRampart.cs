using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace RampartApi.Tests;

/// <summary>
/// Runs the app's Rampart with keys, audit records and rate-limit counts in memory, so the tests
/// need no database and no Redis. Program.cs stays as it runs in production: what the database and
/// Redis packages registered is taken out here, and Rampart's in-memory defaults put back.
/// </summary>
internal static class InMemoryRampart
{
    // The packages that replace Rampart's in-memory defaults with shared infrastructure.
    private static readonly HashSet<string> InfrastructurePackages = new(StringComparer.Ordinal) { "Rampart.PostgreSql", "Rampart.Redis" };

    /// <summary>Settings and services for an app whose Rampart keeps everything in memory.</summary>
    public static IWebHostBuilder UseInMemoryRampart(this IWebHostBuilder builder)
        => builder
            .UseSetting("Rampart:Store:Provider", "InMemory")
            .ConfigureTestServices(services => services.KeepRampartInMemory());

    private static void KeepRampartInMemory(this IServiceCollection services)
    {
        var infrastructure = services.Where(FromInfrastructurePackage).ToList();
        foreach (var descriptor in infrastructure)
        {
            services.Remove(descriptor);
        }

        // What Rampart registers by itself for the services those packages had replaced.
        var defaults = new ServiceCollection().AddRampart();
        foreach (var serviceType in infrastructure.Select(d => d.ServiceType).Distinct())
        {
            if (!services.Any(d => d.ServiceType == serviceType))
            {
                foreach (var descriptor in defaults.Where(d => d.ServiceType == serviceType))
                {
                    services.Add(descriptor);
                }
            }
        }
    }

    private static bool FromInfrastructurePackage(ServiceDescriptor descriptor)
    {
        var implementation = descriptor.IsKeyedService
            ? descriptor.KeyedImplementationType ?? descriptor.KeyedImplementationInstance?.GetType() ?? descriptor.KeyedImplementationFactory?.Method.DeclaringType
            : descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType;
        return IsInfrastructure(descriptor.ServiceType) || (implementation is not null && IsInfrastructure(implementation));
    }

    private static bool IsInfrastructure(Type type) => InfrastructurePackages.Contains(type.Assembly.GetName().Name ?? string.Empty);
}
