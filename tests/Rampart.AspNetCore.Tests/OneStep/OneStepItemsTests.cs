using System.Collections;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Rampart.AspNetCore.OneStep;

namespace Rampart.AspNetCore.Tests.OneStep;

/// <summary>
/// The one-step path's items object against the framework's own: a context whose items were made by
/// the framework and given the authorization entry, and a context whose items feature is
/// <see cref="OneStepItems"/>, get the same random sequences of calls through <c>HttpContext.Items</c>
/// and must answer each the same (values, counts, exceptions, enumeration order, live key and value
/// views, enumerators invalidated by a write, the items object replaced through the context).
/// </summary>
public class OneStepItemsTests
{
    private static readonly object Ran = new();

    // Keys: the entry's key, an equal string that is another instance, other strings, two boxes of one
    // number, two distinct keys sharing one hash code, null.
    private static readonly object?[] Keys =
    [
        OneStepItems.AuthorizationRanKey,
        new string(OneStepItems.AuthorizationRanKey.AsSpan()),
        "a",
        "b",
        1,
        1,
        new SameHash("x"),
        new SameHash("y"),
        null,
    ];

    private static readonly object?[] Values = [null, Ran, "v", 7, new object()];

    private static readonly Gen<(int Op, int Key, int Value)> Call = Gen.Select(Gen.Int[0, 19], Gen.Int[0, Keys.Length - 1], Gen.Int[0, Values.Length - 1]);

    [Fact]
    public void Answers_every_sequence_of_calls_as_the_framework_items_with_the_entry_do()
    {
        Call.Array[0, 14].Sample(calls =>
        {
            var framework = new DefaultHttpContext();
            framework.Items[OneStepItems.AuthorizationRanKey] = Ran;
            var oneStep = new DefaultHttpContext();
            oneStep.Features.Set<IItemsFeature>(new OneStepItems(Ran));

            var expected = Run(framework, calls);
            var actual = Run(oneStep, calls);
            Assert.Equal(expected, actual);
        }, iter: 20_000);
    }

    [Fact]
    public void Starts_as_the_framework_items_with_the_entry_and_keeps_it_in_fields_until_another_key_is_written()
    {
        IDictionary<object, object?> items = new OneStepItems(Ran);

        Assert.Single(items);
        Assert.Same(Ran, items[OneStepItems.AuthorizationRanKey]);
        Assert.True(items.ContainsKey(new string(OneStepItems.AuthorizationRanKey.AsSpan())));
        Assert.Null(items["missing"]);
        Assert.False(items.IsReadOnly);
        Assert.Equal([new KeyValuePair<object, object?>(OneStepItems.AuthorizationRanKey, Ran)], items.ToList());

        items["mine"] = 1;
        items.Add("other", 2);
        Assert.Equal([OneStepItems.AuthorizationRanKey, "mine", "other"], items.Keys.ToList());
    }

    private static List<string> Run(HttpContext context, (int Op, int Key, int Value)[] calls)
    {
        var trace = new List<string>();
        ICollection<object>? keysView = null;
        ICollection<object?>? valuesView = null;
        foreach (var (op, k, v) in calls)
        {
            var key = Keys[k]!;
            var value = Values[v];
            var pair = new KeyValuePair<object, object?>(key, value);
            trace.Add(Answer(() =>
            {
                var items = context.Items;
                switch (op)
                {
                    case 0: return Describe(items[key]);
                    case 1: items[key] = value; return "set";
                    case 2: items.Add(key, value); return "added";
                    case 3: return items.ContainsKey(key).ToString();
                    case 4: return $"{items.TryGetValue(key, out var found)} {Describe(found)}";
                    case 5: return items.Remove(key).ToString();
                    case 6: items.Add(pair); return "added pair";
                    case 7: items.Clear(); return "cleared";
                    case 8: return items.Contains(pair).ToString();
                    case 9:
                        var array = new KeyValuePair<object, object?>[items.Count + (v % 3)];
                        items.CopyTo(array, v - 1);
                        return string.Join(",", array.Select(p => $"{Describe(p.Key)}={Describe(p.Value)}"));
                    case 10: return items.Remove(pair).ToString();
                    case 11: return $"{items.Count} {items.IsReadOnly}";
                    case 12: keysView = items.Keys; return string.Join(",", keysView.Select(Describe));
                    case 13: valuesView = items.Values; return string.Join(",", valuesView.Select(Describe));
                    case 14: return string.Join(",", items.Select(p => $"{Describe(p.Key)}={Describe(p.Value)}"));
                    case 15:
                        // An enumerator, then a write, then the enumerator again.
                        using (var enumerator = items.GetEnumerator())
                        {
                            var first = enumerator.MoveNext();
                            items[key] = value;
                            return $"{first} {Answer(() => enumerator.MoveNext().ToString())}";
                        }

                    case 16:
                        var untyped = ((IEnumerable)items).GetEnumerator();
                        var any = untyped.MoveNext();
                        return $"{any} {(any ? Describe(untyped.Current) : "")}";
                    case 17: return $"{(keysView is null ? "-" : string.Join(",", keysView.Select(Describe)))} {(valuesView is null ? "-" : string.Join(",", valuesView.Select(Describe)))}";
                    case 18: context.Items = new Dictionary<object, object?> { ["replaced"] = value }; return "replaced";
                    default: return Describe(items.FirstOrDefault(p => Equals(p.Key, key)).Value);
                }
            }));
        }

        return trace;
    }

    private static string Answer(Func<string> call)
    {
        try
        {
            return call();
        }
        catch (Exception exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        KeyValuePair<object, object?> pair => $"{Describe(pair.Key)}={Describe(pair.Value)}",
        _ when ReferenceEquals(value, Ran) => "ran",
        _ when ReferenceEquals(value, OneStepItems.AuthorizationRanKey) => "key",
        _ when value is string text && text == OneStepItems.AuthorizationRanKey => "key (copy)",
        _ when Array.IndexOf(Values, value) is var i and >= 0 => $"value{i}",
        _ => value.ToString() ?? "?",
    };

    private sealed class SameHash(string name)
    {
        public override int GetHashCode() => 42;

        public override bool Equals(object? obj) => obj is SameHash other && other.ToString() == ToString();

        public override string ToString() => name;
    }
}
