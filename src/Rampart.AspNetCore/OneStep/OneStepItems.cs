using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Features;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// <c>HttpContext.Items</c> for a request served in one step whose items nothing had used yet: in
/// place of the framework's items (a feature, a wrapper and a <see cref="Dictionary{TKey,TValue}"/>
/// made on the first write), one object holding the one entry the one-step path writes in fields.
/// Behaves as the framework's items object after that entry was written (a missing key reads as
/// null; every other member is the dictionary's): the entry is moved into a dictionary, made the way
/// the framework makes its own, by the first call that is not a read of a key, a count or an
/// overwrite of that entry, and every call from then on is the dictionary's. <c>OneStepItemsTests</c>
/// compares it with the framework's items under random sequences of calls.
/// </summary>
internal sealed class OneStepItems : IItemsFeature, IDictionary<object, object?>
{
    /// <summary>The key with which the authorization middleware tells the endpoint middleware that it ran.</summary>
    public const string AuthorizationRanKey = "__AuthorizationMiddlewareWithEndpointInvoked";

    private static readonly int AuthorizationRanHash = EqualityComparer<object>.Default.GetHashCode(AuthorizationRanKey);

    private object? _value;
    private Dictionary<object, object?>? _items;

    // What the feature's Items returns: this, until the app sets another object (or null) through
    // HttpContext.Items, as the framework's items feature keeps what is set.
    private IDictionary<object, object?>? _current;

    public OneStepItems(object? authorizationRan)
    {
        _value = authorizationRan;
        _current = this;
    }

    IDictionary<object, object?> IItemsFeature.Items
    {
        get => _current!;
        set => _current = value;
    }

    // The dictionary's own test for the entry's key: its comparer's hash, then Equals with the stored
    // key first. A null key goes to the dictionary, which refuses it as it would there.
    private static bool IsEntryKey(object key) =>
        EqualityComparer<object>.Default.GetHashCode(key) == AuthorizationRanHash
        && EqualityComparer<object>.Default.Equals(AuthorizationRanKey, key);

    [MemberNotNull(nameof(_items))]
    private Dictionary<object, object?> Items()
    {
        if (_items is null)
        {
            _items = new Dictionary<object, object?>();
            _items.Add(AuthorizationRanKey, _value);
            _value = null;
        }

        return _items;
    }

    public object? this[object key]
    {
        get
        {
            if (_items is null && key is not null)
            {
                return IsEntryKey(key) ? _value : null;
            }

            return Items().TryGetValue(key!, out var value) ? value : null;
        }
        set
        {
            if (_items is null && key is not null && IsEntryKey(key))
            {
                _value = value;
                return;
            }

            Items()[key!] = value;
        }
    }

    public bool ContainsKey(object key) => _items is null && key is not null ? IsEntryKey(key) : Items().ContainsKey(key!);

    public bool TryGetValue(object key, out object? value)
    {
        if (_items is null && key is not null)
        {
            var found = IsEntryKey(key);
            value = found ? _value : null;
            return found;
        }

        value = null;
        return Items().TryGetValue(key!, out value);
    }

    public int Count => _items?.Count ?? 1;

    public bool IsReadOnly => false;

    public ICollection<object> Keys => Items().Keys;

    public ICollection<object?> Values => Items().Values;

    public void Add(object key, object? value) => Items().Add(key, value);

    public bool Remove(object key) => Items().Remove(key);

    public void Add(KeyValuePair<object, object?> item) => ((ICollection<KeyValuePair<object, object?>>)Items()).Add(item);

    public void Clear() => Items().Clear();

    public bool Contains(KeyValuePair<object, object?> item) => ((ICollection<KeyValuePair<object, object?>>)Items()).Contains(item);

    public void CopyTo(KeyValuePair<object, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<object, object?>>)Items()).CopyTo(array, arrayIndex);

    // The framework's items remove a pair by its value's Equals, not the dictionary's comparer.
    public bool Remove(KeyValuePair<object, object?> item)
    {
        var items = Items();
        return items.TryGetValue(item.Key, out var value) && Equals(item.Value, value) && items.Remove(item.Key);
    }

    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<object, object?>>)Items()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items()).GetEnumerator();
}
