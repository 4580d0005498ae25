using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Authentication;

internal static class RampartSchemes
{
    /// <summary>True when requests are authenticated with Rampart's scheme by default.</summary>
    public static bool IsDefault(IServiceProvider services)
        => IsDefault(services.GetService<IOptions<AuthenticationOptions>>()?.Value);

    public static bool IsDefault(AuthenticationOptions? options)
        => string.Equals(options?.DefaultAuthenticateScheme ?? options?.DefaultScheme, RampartDefaults.AuthenticationScheme, StringComparison.Ordinal);
}
