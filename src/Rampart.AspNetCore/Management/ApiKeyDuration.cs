using System.Globalization;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// Reads the durations and expiries the admin endpoints and the command line accept: a whole number
/// and a unit (<c>90d</c>, <c>24h</c>, <c>30m</c>, <c>45s</c>, <c>2w</c>), or for an expiry an
/// ISO 8601 date or date-time (<c>2027-01-31</c>, <c>2027-01-31T12:00:00Z</c>). Never throws; bounded input.
/// </summary>
internal static class ApiKeyDuration
{
    private const int MaxLength = 40;

    /// <summary>Parses <paramref name="text"/> as a duration of zero or more.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length < 2)
        {
            return false;
        }

        var unit = span[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        var digits = span[..^1];
        if (unit == TimeSpan.Zero || digits.Length > 6 || digits.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        duration = unit * count;
        return true;
    }

    /// <summary>
    /// Parses an expiry: a duration from <paramref name="now"/>, or an absolute ISO 8601 date (midnight UTC)
    /// or date-time (UTC unless it names an offset).
    /// </summary>
    public static bool TryParseExpiry(string? text, DateTimeOffset now, out DateTimeOffset expiry)
    {
        expiry = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        if (TryParse(text, out var duration))
        {
            expiry = now + duration;
            return true;
        }

        var trimmed = text.Trim();
        return trimmed.Length >= 10 && char.IsAsciiDigit(trimmed[0]) && trimmed[4] == '-'
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiry);
    }
}
