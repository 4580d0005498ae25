using Microsoft.Extensions.Logging;
using Npgsql;
using Rampart.AspNetCore.Storage;

namespace Rampart.PostgreSql;

/// <summary>
/// Announces a changed key id with <c>pg_notify</c> so every instance's <see cref="PostgreSqlChangeListener"/>
/// drops it from its cache. A failed announcement does not undo the change: it is logged, and other
/// instances catch up within the cache time-to-live.
/// </summary>
internal sealed class PostgreSqlChangeNotifier(PostgreSqlApiKeyStore store, ILoggerFactory loggerFactory) : IApiKeyChangeNotifier
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(PostgreSqlLog.Category);

    public async Task PublishAsync(string keyId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @id);", connection);
            command.Parameters.AddWithValue("channel", store.Channel);
            command.Parameters.AddWithValue("id", keyId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            PostgreSqlLog.PublishFailed(_logger, keyId, exception);
        }
    }
}
