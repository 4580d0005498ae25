using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using Rampart.AspNetCore.Logging;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Decides whether a parameter, header or field name marks its value as secret. Names are
/// lower-cased with <c>-</c>, <c>_</c>, <c>.</c> and spaces removed, then matched against the
/// fragments (anywhere) and the whole names. Verdicts for recurring names are remembered.
/// </summary>
internal sealed class SecretNameMatcher
{
    private const int MaxNameLength = 256;
    private const int MaxRemembered = 4096;

    private readonly SearchValues<string>? _fragments;
    private readonly FrozenSet<string> _names;
    private readonly ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);

    public SecretNameMatcher(RampartLoggingOptions options)
    {
        var fragments = options.SecretNameFragments.Select(Normalize).Where(f => f.Length > 0).Distinct().ToArray();
        _fragments = fragments.Length == 0 ? null : SearchValues.Create(fragments, StringComparison.Ordinal);
        _names = options.SecretNames.Select(Normalize).Where(f => f.Length > 0).ToFrozenSet(StringComparer.Ordinal);
    }

    public bool IsSecret(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        // Names longer than the buffer are treated as secret rather than guessed at.
        if (name.Length > MaxNameLength)
        {
            return true;
        }

        var remembered = _verdicts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (remembered.TryGetValue(name, out var verdict))
        {
            return verdict;
        }

        Span<char> buffer = stackalloc char[MaxNameLength];
        var normalized = Normalize(name, buffer);
        verdict = _names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized)
                  || (_fragments is not null && normalized.IndexOfAny(_fragments) >= 0);
        if (_verdicts.Count < MaxRemembered)
        {
            remembered.TryAdd(name, verdict);
        }

        return verdict;
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, MaxNameLength)];
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
