using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Incidents.LeakReports;

namespace Rampart.AspNetCore.Incidents;

/// <summary>Checks <c>Rampart:Incidents</c> at start; messages name the setting and never echo a secret.</summary>
internal sealed class IncidentOptionsValidator : IValidateOptions<RampartOptions>
{
    private const string Leaks = $"{RampartOptions.SectionName}:Incidents:LeakReports";
    private const string Alerts = $"{RampartOptions.SectionName}:Incidents:Alerts";

    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        var failures = new List<string>();
        var leaks = options.Incidents.LeakReports;
        foreach (var (id, pem) in leaks.PublicKeys)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > LeakReportSignature.MaxHeaderLength)
            {
                failures.Add($"{Leaks}:PublicKeys has an empty or over-long key identifier.");
            }
            else if (!LeakReportSignature.TryReadPublicKey(pem, out _))
            {
                failures.Add($"{Leaks}:PublicKeys:{id} is not a PEM 'PUBLIC KEY' on the P-256 curve.");
            }
        }

        CheckUrl(failures, $"{Leaks}:PublicKeysUrl", leaks.PublicKeysUrl);
        if (leaks.PublicKeysCacheDuration <= TimeSpan.Zero || leaks.PublicKeysMinimumRefreshInterval < TimeSpan.Zero)
        {
            failures.Add($"{Leaks}:PublicKeysCacheDuration must be positive and PublicKeysMinimumRefreshInterval not negative.");
        }

        if (string.IsNullOrWhiteSpace(leaks.KeyIdentifierHeader) || string.IsNullOrWhiteSpace(leaks.SignatureHeader))
        {
            failures.Add($"{Leaks}:KeyIdentifierHeader and SignatureHeader must name headers.");
        }

        if (leaks.MaxTokensPerReport is < 1 or > 10_000)
        {
            failures.Add($"{Leaks}:MaxTokensPerReport must be between 1 and 10000.");
        }

        if (leaks.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Leaks}:MaxBodyBytes must be between 1 KiB and 16 MiB.");
        }

        if (!Enum.IsDefined(leaks.Policy))
        {
            failures.Add($"{Leaks}:Policy must be RevokeImmediately or FlagAndNotify.");
        }

        var alerts = options.Incidents.Alerts;
        if (alerts.Multiples.Count == 0 || alerts.Multiples.Any(m => !(m > 1) || double.IsInfinity(m)))
        {
            failures.Add($"{Alerts}:Multiples must hold one or more finite multiples above 1, such as 3, 5, 10.");
        }

        if (alerts.BaselineWindow < TimeSpan.FromMinutes(1) || alerts.WarmUpMinutes < 0 || alerts.QuietMinutesToReArm < 1
            || !(alerts.MinimumBaselinePerMinute > 0) || double.IsInfinity(alerts.MinimumBaselinePerMinute))
        {
            failures.Add($"{Alerts}: BaselineWindow must be at least a minute, WarmUpMinutes not negative, QuietMinutesToReArm at least 1 and MinimumBaselinePerMinute above 0.");
        }

        if (alerts.MaxTrackedRates is < 1 or > 10_000_000 || alerts.QueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{Alerts}:MaxTrackedRates must be between 1 and 10000000 and QueueCapacity between 1 and 1000000.");
        }

        var webhook = alerts.Webhook;
        if (webhook.Url is not null)
        {
            CheckUrl(failures, $"{Alerts}:Webhook:Url", webhook.Url);
            if (webhook.Secret is not { Length: >= 32 })
            {
                failures.Add($"{Alerts}:Webhook:Secret must be set, at least 32 characters, when Webhook:Url is.");
            }

            if (webhook.MaxAttempts is < 1 or > 20 || webhook.QueueCapacity is < 1 or > 1_000_000
                || webhook.InitialBackoff < TimeSpan.Zero || webhook.MaxBackoff < webhook.InitialBackoff || webhook.Timeout <= TimeSpan.Zero)
            {
                failures.Add($"{Alerts}:Webhook: MaxAttempts must be 1 to 20, QueueCapacity 1 to 1000000, InitialBackoff not negative, MaxBackoff at least InitialBackoff and Timeout positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // HTTPS, except to this machine (a local relay, a test).
    private static void CheckUrl(List<string> failures, string setting, Uri? url)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            failures.Add($"{setting} must be an absolute https:// URL (http:// only to a loopback address).");
        }
    }
}
