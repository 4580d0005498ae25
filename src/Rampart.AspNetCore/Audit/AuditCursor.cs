using System.Globalization;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// A position in an audit store, newest first: the record's time (in the store's own unit) and its
/// row id, as <c>time.id</c>. Opaque to callers; parsed without throwing and with bounded work.
/// </summary>
internal readonly record struct AuditCursor(long Time, long Id)
{
    private const int MaxLength = 41;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Time}.{Id}");

    public static bool TryParse(string? text, out AuditCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var time)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        cursor = new AuditCursor(time, id);
        return true;
    }

    /// <summary>The cursor of <paramref name="query"/>, or null; a token that is not one of ours is the caller's mistake.</summary>
    public static AuditCursor? Of(AuditQuery query)
        => query.ContinuationToken is null ? null
            : TryParse(query.ContinuationToken, out var cursor) ? cursor
            : throw new ArgumentException("The continuation token is not one this store issued.", nameof(query));
}
