using System.Collections.Frozen;

namespace Rampart.AspNetCore.Logging;

/// <summary>Decides whether a parameter, header or field name marks its value as secret.</summary>
internal sealed class SecretNameMatcher
{
    private readonly string[] _fragments;
    private readonly FrozenSet<string> _names;

    public SecretNameMatcher(RampartLoggingOptions options)
    {
        _fragments = options.SecretNameFragments.Select(Normalize).Where(f => f.Length > 0).Distinct().ToArray();
        _names = options.SecretNames.Select(Normalize).Where(f => f.Length > 0).ToFrozenSet(StringComparer.Ordinal);
    }

    public bool IsSecret(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        var normalized = Normalize(name, buffer);
        if (_names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized))
        {
            return true;
        }

        foreach (var fragment in _fragments)
        {
            if (normalized.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Names longer than the buffer were cut: treat the cut name as secret rather than guess.
        return name.Length > buffer.Length;
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        return Normalize(name, buffer).ToString();
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> name, Span<char> buffer)
    {
        var length = 0;
        foreach (var c in name)
        {
            if (length == buffer.Length)
            {
                break;
            }

            if (c is '-' or '_' or '.' or ' ')
            {
                continue;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return buffer[..length];
    }
}
