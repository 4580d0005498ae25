using System.Runtime.CompilerServices;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// A fixed number of strings remembered by reference, for the strings a log record repeats on
/// every call: message templates and value names are literals, the same instance each time. A
/// lookup is one identity hash and one comparison; a slot taken by another string counts as an
/// eviction.
/// </summary>
internal sealed class StringReferenceMemo
{
    private readonly string?[] _slots;
    private long _evictions;

    public StringReferenceMemo(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The number of slots must be a power of two.");
        }

        _slots = new string?[slots];
    }

    /// <summary>Strings pushed out by another one since start.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public bool Contains(string text) => ReferenceEquals(Volatile.Read(ref Slot(text)), text);

    public void Add(string text)
    {
        if (Interlocked.Exchange(ref Slot(text), text) is { } previous && !ReferenceEquals(previous, text))
        {
            Interlocked.Increment(ref _evictions);
        }
    }

    private ref string? Slot(string text) => ref _slots[RuntimeHelpers.GetHashCode(text) & (_slots.Length - 1)];
}
