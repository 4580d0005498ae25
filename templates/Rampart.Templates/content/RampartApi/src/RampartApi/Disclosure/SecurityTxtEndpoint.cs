using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace RampartApi.Disclosure;

/// <summary>Serves <c>/.well-known/security.txt</c> (RFC 9116) from <see cref="SecurityTxtOptions"/>.</summary>
internal static class SecurityTxtEndpoint
{
    public const string Path = "/.well-known/security.txt";

    public static IServiceCollection AddSecurityTxt(this IServiceCollection services)
    {
        // Checked when the app starts: a security.txt that cannot be served stops it there.
        services.AddOptions<SecurityTxtOptions>()
            .BindConfiguration(SecurityTxtOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapSecurityTxt(this IEndpointRouteBuilder endpoints)
    {
        // Read once here, before the host starts: settings that cannot be served stop the app while it is
        // being built, so the error reaches whoever starts it (a test factory too) instead of racing the
        // host's disposal as a failure inside StartAsync can.
        _ = endpoints.ServiceProvider.GetRequiredService<IOptions<SecurityTxtOptions>>().Value;
        // Public on purpose: whoever found a vulnerability has no key. Over HTTPS only, as RFC 9116 §3 requires.
        endpoints.MapGet(Path, (IOptions<SecurityTxtOptions> options) =>
                Results.Text(Format(options.Value), "text/plain; charset=utf-8", Encoding.UTF8))
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>The file's text: one field per line, the date in the Internet format RFC 9116 asks for.</summary>
    public static string Format(SecurityTxtOptions options)
    {
        var text = new StringBuilder();
        text.Append("Contact: ").Append(options.Contact).Append('\n');
        text.Append("Expires: ").Append(options.Expires!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Policy: ").Append(options.Policy).Append('\n');
        if (!string.IsNullOrWhiteSpace(options.PreferredLanguages))
        {
            text.Append("Preferred-Languages: ").Append(options.PreferredLanguages).Append('\n');
        }

        return text.ToString();
    }
}
