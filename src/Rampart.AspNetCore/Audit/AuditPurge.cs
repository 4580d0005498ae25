using System.Data.Common;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Purges in batches of <see cref="BatchSize"/>, so a large purge never holds a database's write
/// lock, or a long transaction, for long.
/// </summary>
internal static class AuditPurge
{
    public const int BatchSize = 5_000;

    /// <summary>Runs <paramref name="deleteBatch"/> (which deletes at most <see cref="BatchSize"/> rows) until a batch comes up short.</summary>
    public static async Task<int> RunAsync(DbCommand deleteBatch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }
}
