using Rampart.AspNetCore.Authentication;

namespace Microsoft.AspNetCore.Http;

/// <summary>The authenticated Rampart key of a request.</summary>
public static class RampartHttpContextExtensions
{
    /// <summary>
    /// The key that authenticated this request, or <see langword="null"/> when no Rampart key did (none
    /// presented, refused, or another scheme authenticated the request). Use its
    /// <see cref="RampartKey.Organization"/> to scope the app's own data queries.
    /// </summary>
    public static RampartKey? GetRampartKey(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IApiKeyAuthenticationFeature>() is { Failure: null, Record: { } record } ? new RampartKey(record) : null;
    }
}
