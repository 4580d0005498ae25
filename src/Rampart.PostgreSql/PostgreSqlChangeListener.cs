using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rampart.AspNetCore.Authentication;

namespace Rampart.PostgreSql;

/// <summary>
/// Holds one connection that <c>LISTEN</c>s on the store's channel and drops each announced key from
/// this instance's cache. After every (re)connection the whole cache is cleared, since announcements
/// made while disconnected are lost. Start-up waits (briefly) until the first <c>LISTEN</c> is in place.
/// </summary>
internal sealed class PostgreSqlChangeListener : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly PostgreSqlApiKeyStore _store;
    private readonly ApiKeyRecordCache _cache;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly TimeSpan _reconnectDelay;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public PostgreSqlChangeListener(PostgreSqlApiKeyStore store, ApiKeyRecordCache cache, IOptions<PostgreSqlStoreOptions> options, ILoggerFactory loggerFactory)
    {
        _store = store;
        _cache = cache;
        _logger = loggerFactory.CreateLogger(PostgreSqlLog.Category);
        _reconnectDelay = options.Value.ListenerReconnectDelay;

        // A dedicated, unpooled connection with keepalives, so a dead server is noticed while waiting.
        _connectionString = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
        }.ToString();
    }

    /// <summary>Completes once the first LISTEN is in place.</summary>
    internal Task Listening => _listening.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        await Task.WhenAny(_listening.Task, Task.Delay(StartTimeout, cancellationToken)).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(_loop, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping is not null)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }

            _stopping.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stopping).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = PostgreSqlSchema.Command($"LISTEN \"{_store.Channel}\";", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                // Anything announced while this instance was not listening is unknown: start clean.
                _cache.Clear();
                PostgreSqlLog.ListenerStarted(_logger, _store.Channel);
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                PostgreSqlLog.ListenerFailed(_logger, _reconnectDelay, exception);
                try
                {
                    // Reconnection pacing is real time, whatever clock the app's logic runs on.
                    await Task.Delay(_reconnectDelay, TimeProvider.System, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        _cache.Invalidate(notification.Payload);
        PostgreSqlLog.ChangeReceived(_logger, notification.Payload);
    }
}
