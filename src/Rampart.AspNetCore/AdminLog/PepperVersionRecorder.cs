using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>At start, records each configured pepper version that the admin log has not seen yet (the version, never the pepper).</summary>
internal sealed class PepperVersionRecorder(IAdminAuditLog log, IOptions<RampartOptions> options, ILoggerFactory loggerFactory) : IHostedService
{
    private const string DetailPrefix = "version=";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Once per version across restarts and across instances starting together.
            foreach (var version in options.Value.Keys.Peppers.Keys.Order())
            {
                await log.AppendOnceAsync(AdminActions.PepperVersionAdded, DetailPrefix + version.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(loggerFactory.CreateLogger(AuditLog.Category), AdminActions.PepperVersionAdded, null, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
