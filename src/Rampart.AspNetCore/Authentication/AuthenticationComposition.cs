using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// The app's other authentication schemes, as registered when the options were built: whether
/// Rampart is alone, and which schemes also read <c>Authorization: Bearer</c>.
/// </summary>
internal sealed class AuthenticationComposition
{
    public AuthenticationComposition(IOptions<AuthenticationOptions> authentication, IOptions<RampartOptions> rampart)
    {
        var options = authentication.Value;
        OtherSchemes = OtherSchemesOf(options).Select(s => s.Name).ToArray();
        OtherBearerSchemes = OtherSchemesOf(options).Where(s => ReadsBearerTokens(s.HandlerType)).Select(s => s.Name).ToArray();
        var keys = rampart.Value.Authentication;
        _keys = keys;
        SharesBearerHeader = keys.HeaderName is null && (keys.LeaveOtherBearerTokens ?? OtherBearerSchemes.Count > 0);
        DefaultScheme = options.DefaultAuthenticateScheme ?? options.DefaultScheme;
        RampartIsDefault = RampartSchemes.IsDefault(options);
        _sharedBearerPrefix = SharesBearerHeader ? rampart.Value.Keys.Prefix : null;
    }

    private readonly ApiKeyAuthenticationOptions _keys;
    private readonly string? _sharedBearerPrefix;

    /// <summary>The key prefix when bearer tokens are shared with another scheme, else null.</summary>
    public string? SharedBearerPrefix => _sharedBearerPrefix;

    /// <summary>Whether the request presents something Rampart judges (a key, or a refused attempt at one).</summary>
    public bool CarriesKey(Microsoft.AspNetCore.Http.HttpRequest request)
        => ApiKeyCredentialReader.CarriesKey(request, _keys, _sharedBearerPrefix);

    /// <summary>Every registered scheme but Rampart's.</summary>
    public IReadOnlyList<string> OtherSchemes { get; }

    /// <summary>Other schemes whose handler reads bearer tokens (JWT bearer, Identity's bearer tokens).</summary>
    public IReadOnlyList<string> OtherBearerSchemes { get; }

    /// <summary>
    /// True when bearer tokens outside Rampart's key grammar belong to another scheme, so Rampart
    /// answers them with no result instead of <c>malformed_key</c>.
    /// </summary>
    public bool SharesBearerHeader { get; }

    public string? DefaultScheme { get; }

    public bool RampartIsDefault { get; }

    public bool RampartIsAlone => OtherSchemes.Count == 0;

    public static IEnumerable<AuthenticationSchemeBuilder> OtherSchemesOf(AuthenticationOptions options)
        => options.Schemes.Where(s => !string.Equals(s.Name, RampartDefaults.AuthenticationScheme, StringComparison.Ordinal));

    /// <summary>
    /// Recognises bearer-token handlers by their type's name (<c>JwtBearerHandler</c>,
    /// <c>BearerTokenHandler</c>, and handlers derived from them) without referencing their packages.
    /// Apps with another kind of token handler set <c>Rampart:Authentication:LeaveOtherBearerTokens</c>.
    /// </summary>
    private static bool ReadsBearerTokens(Type? handlerType)
    {
        for (var type = handlerType; type is not null && type != typeof(object); type = type.BaseType)
        {
            if (type.Name.Contains("Bearer", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
