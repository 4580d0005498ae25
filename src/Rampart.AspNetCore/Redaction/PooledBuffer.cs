using System.Buffers;

namespace Rampart.AspNetCore.Redaction;

/// <summary>A growable buffer rented from the shared pool; return it with <see cref="Dispose"/>.</summary>
internal struct PooledBuffer<T>(int initialCapacity) : IDisposable
{
    private T[] _array = ArrayPool<T>.Shared.Rent(Math.Max(16, initialCapacity));

    public int Length { get; private set; }

    public readonly ReadOnlySpan<T> WrittenSpan => _array.AsSpan(0, Length);

    public void Write(ReadOnlySpan<T> items)
    {
        items.CopyTo(GetSpan(items.Length));
        Length += items.Length;
    }

    /// <summary>Room for at least <paramref name="size"/> items after what is written; commit with <see cref="Advance"/>.</summary>
    public Span<T> GetSpan(int size)
    {
        if (Length + size > _array.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Max(_array.Length * 2, Length + size));
            _array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<T>.Shared.Return(_array);
            _array = larger;
        }

        return _array.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Clear() => Length = 0;

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_array);
            _array = [];
        }
    }
}
