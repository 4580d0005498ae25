using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Logging;

/// <summary>At start, records each configured pepper version that the admin log has not seen yet (the version, never the pepper).</summary>
internal sealed class PepperVersionRecorder(IAdminAuditLog log, IOptions<RampartOptions> options, ILoggerFactory loggerFactory) : IHostedService
{
    private const string DetailPrefix = "version=";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            for (long from = 1; ;)
            {
                var page = await log.ReadAsync(from, 1000, cancellationToken).ConfigureAwait(false);
                foreach (var entry in page.Where(e => e.Action == AdminActions.PepperVersionAdded && e.Details is not null))
                {
                    known.Add(entry.Details!);
                }

                if (page.Count < 1000)
                {
                    break;
                }

                from = page[^1].Sequence + 1;
            }

            foreach (var version in options.Value.Keys.Peppers.Keys.Order())
            {
                var details = DetailPrefix + version.ToString(CultureInfo.InvariantCulture);
                if (known.Add(details))
                {
                    await log.AppendAsync(AdminActions.PepperVersionAdded, keyId: null, details, actor: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(loggerFactory.CreateLogger(AuditLog.Category), AdminActions.PepperVersionAdded, null, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
