using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// Keys per hash scheme and pepper version, for the manager, <c>keys stats</c> and the
/// <c>rampart.keys.hashed</c> gauge (usable keys, tagged <c>rampart.hash_version</c> and
/// <c>rampart.pepper_version</c>). The gauge reports the last count and starts a fresh one in the
/// background when that is older than <see cref="RefreshInterval"/>, so the store is queried only while
/// something collects metrics, and at most that often.
/// </summary>
internal sealed class ApiKeyHashStatistics : IHostedService
{
    public const string GaugeName = "rampart.keys.hashed";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly IApiKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Snapshot? _last;
    private int _refreshing;

    public ApiKeyHashStatistics(IApiKeyStore store, TimeProvider time, IMeterFactory meterFactory, ILoggerFactory loggerFactory)
    {
        _store = store;
        _time = time;
        _logger = loggerFactory.CreateLogger(ManagementLog.Category);
        meterFactory.Create(RampartMetrics.MeterName).CreateObservableGauge(
            GaugeName,
            Observe,
            "{key}",
            "Usable keys (neither revoked nor expired) per hash scheme and pepper version; a pepper version can go when it counts none.");
    }

    /// <summary>Counts now, from the store, and keeps the result for the gauge.</summary>
    public async Task<IReadOnlyList<ApiKeyHashCount>> CountAsync(CancellationToken cancellationToken)
    {
        var counts = await _store.CountByHashAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _last, new Snapshot(counts, _time.GetTimestamp()));
        return counts;
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Observe()
    {
        var last = Volatile.Read(ref _last);
        if ((last is null || _time.GetElapsedTime(last.Taken) >= RefreshInterval) && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        if (last is null)
        {
            return [];
        }

        return last.Counts.Select(count => new Measurement<long>(
            count.UsableKeys,
            new KeyValuePair<string, object?>("rampart.hash_version", count.HashVersion.ToString(CultureInfo.InvariantCulture)),
            new KeyValuePair<string, object?>("rampart.pepper_version", count.PepperVersion.ToString(CultureInfo.InvariantCulture))));
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await Task.Yield();
            await CountAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ManagementLog.HashCountFailed(_logger, exception);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private sealed record Snapshot(IReadOnlyList<ApiKeyHashCount> Counts, long Taken);
}
