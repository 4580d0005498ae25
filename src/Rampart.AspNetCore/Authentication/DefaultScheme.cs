using Microsoft.AspNetCore.Authentication;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Chooses the default scheme after the app has registered its own. Rampart becomes the default
/// only when it is the only scheme. Beside exactly one other scheme and no named default, that
/// scheme stays the default, as ASP.NET Core made it before Rampart was added (a single registered
/// scheme is the default); the app's <c>[Authorize]</c> endpoints keep working as they did.
/// </summary>
internal static class DefaultScheme
{
    private const string SuppressAutoDefaultSwitch = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    public static void Choose(AuthenticationOptions options)
    {
        if (options.DefaultScheme is not null)
        {
            return;
        }

        var others = AuthenticationComposition.OtherSchemesOf(options).Take(2).ToList();
        if (others.Count == 0)
        {
            options.DefaultScheme = RampartDefaults.AuthenticationScheme;
        }
        else if (others.Count == 1 && !(AppContext.TryGetSwitch(SuppressAutoDefaultSwitch, out var suppressed) && suppressed))
        {
            options.DefaultScheme = others[0].Name;
        }
    }
}
