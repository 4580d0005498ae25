namespace Rampart.AspNetCore.Usage;

/// <summary>A usage query's bounds in Unix milliseconds, widened to whole periods, shared by every store.</summary>
internal readonly record struct UsageRange(long FromMs, long ToMs, long StepMs)
{
    public static UsageRange Of(UsageQuery query)
    {
        var step = query.Period == UsagePeriod.Hour ? 3_600_000L : 86_400_000L;
        var from = query.From?.ToUnixTimeMilliseconds() ?? 0;
        var to = query.To?.ToUnixTimeMilliseconds() ?? long.MaxValue - step;
        from = Math.Max(0, from) / step * step;
        to = to <= from ? from : ((to - 1) / step * step) + step;
        return new(from, to, step);
    }

    /// <summary>Reads rows selected as (organization, key id, period start ms, outcome, count), with one row past the limit.</summary>
    public static async Task<UsageReport> ReadAsync(System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count == UsageQuery.MaxRows)
            {
                return new UsageReport(rows, true);
            }

            rows.Add(new UsageRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3),
                reader.GetInt64(4)));
        }

        return new UsageReport(rows, false);
    }
}
