using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>What checking a state's structured values found.</summary>
internal enum StructuredValuesVerdict
{
    /// <summary>A value (or the template) carries a secret.</summary>
    NeedsScrubbing,

    /// <summary>Every value is clean and the state has a message template, so its text is clean too.</summary>
    CleanTemplated,

    /// <summary>Every value is clean, but without a template the formatted text may hold more than the values.</summary>
    CleanWithoutTemplate,
}

/// <summary>
/// Checks the structured values of a log state (or scope). Every logging template's state is a
/// struct (<c>LoggerMessage</c>, the <c>Log*</c> extensions, the source generator); read through
/// the interface it would be boxed on every record, so a struct's check is made for its own type
/// once and its values read without boxing it. The state of <c>LoggerMessage.Define</c> also says
/// each value's type: a value whose type has no text (a number, a date, a GUID) is not read at all,
/// so it is neither boxed nor tested.
/// </summary>
internal static class StructuredValues
{
    public delegate StructuredValuesVerdict Check<TState>(in TState state, LogScrubber scrubber);

    /// <summary>The verdict for <paramref name="state"/>, or null when it is not a list of named values.</summary>
    public static StructuredValuesVerdict? Inspect<TState>(in TState state, LogScrubber scrubber)
    {
        if (typeof(TState).IsValueType && StructCheck<TState>.Instance is { } check)
        {
            return check(state, scrubber);
        }

        return state is IReadOnlyList<KeyValuePair<string, object?>> values ? Verdict(values, scrubber) : null;
    }

    // A message template formats to itself with the values in it, so the template and each value are checked.
    // Without a template, the caller checks the formatted text as well.
    private static StructuredValuesVerdict Verdict<TList>(in TList values, LogScrubber scrubber)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
        => Verdict(values, scrubber, textless: 0);

    // A LoggerMessage.Define state: its template is the last value and its names are the
    // template's placeholders, so once a clean template's names were found to be no secret
    // header, they are not compared again.
    private static StructuredValuesVerdict TypedVerdict<TList>(in TList values, LogScrubber scrubber)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        var textless = TypedValues<TList>.Textless;
        var last = values.Count - 1;
        var (format, formatValue) = values[last];
        if (format != LogScrubber.OriginalFormat || formatValue is not string template)
        {
            return Verdict(values, scrubber, textless);
        }

        // Names are remembered as plain only for a template found clean: one lookup answers both.
        var namesChecked = scrubber.TemplateNamesArePlain(template);
        if (!namesChecked && scrubber.TemplateNeedsScrubbing(template))
        {
            return StructuredValuesVerdict.NeedsScrubbing;
        }

        for (var i = 0; i < last; i++)
        {
            if (i < 64 && (textless & (1UL << i)) != 0)
            {
                continue;
            }

            var (name, value) = values[i];
            if (namesChecked ? scrubber.ValueNeedsScrubbing(value) : ValueCarriesSecret(name, value, scrubber))
            {
                return StructuredValuesVerdict.NeedsScrubbing;
            }
        }

        if (!namesChecked && !AnySecretHeader(values, last, scrubber))
        {
            scrubber.RememberPlainNames(template);
        }

        return StructuredValuesVerdict.CleanTemplated;
    }

    private static bool AnySecretHeader<TList>(in TList values, int count, LogScrubber scrubber)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        for (var i = 0; i < count; i++)
        {
            if (scrubber.IsSecretHeader(values[i].Key))
            {
                return true;
            }
        }

        return false;
    }

    // Bit i of textless set: the value at i has a type without text and is skipped.
    private static StructuredValuesVerdict Verdict<TList>(in TList values, LogScrubber scrubber, ulong textless)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        var templated = false;
        var count = values.Count;
        for (var i = 0; i < count; i++)
        {
            if (i < 64 && (textless & (1UL << i)) != 0)
            {
                continue;
            }

            var (name, value) = values[i];
            if (name == LogScrubber.OriginalFormat)
            {
                templated = true;
                if (value is string template && scrubber.TemplateNeedsScrubbing(template))
                {
                    return StructuredValuesVerdict.NeedsScrubbing;
                }
            }
            else if (ValueCarriesSecret(name, value, scrubber))
            {
                return StructuredValuesVerdict.NeedsScrubbing;
            }
        }

        return templated ? StructuredValuesVerdict.CleanTemplated : StructuredValuesVerdict.CleanWithoutTemplate;
    }

    private static bool ValueCarriesSecret(string name, object? value, LogScrubber scrubber)
        => scrubber.IsSecretHeader(name) ? value is not null and not LogScrubber.Redacted : scrubber.ValueNeedsScrubbing(value);

    private static class StructCheck<TState>
    {
        public static readonly Check<TState>? Instance = Create();

        private static Check<TState>? Create()
        {
            if (!RuntimeFeature.IsDynamicCodeSupported || !typeof(IReadOnlyList<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(TState)))
            {
                return null;
            }

            var verdict = TypedValues.IsDefineState(typeof(TState)) ? nameof(TypedVerdict) : nameof(Verdict);
            return typeof(StructuredValues)
                .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Single(m => m.Name == verdict && m.GetParameters().Length == 2)
                .MakeGenericMethod(typeof(TState))
                .CreateDelegate<Check<TState>>();
        }
    }

    private static class TypedValues<TList>
    {
        public static readonly ulong Textless = TypedValues.Textless(typeof(TList));
    }

    /// <summary>
    /// Which values of a <c>LoggerMessage.Define</c> state have a type without text. Its state is
    /// <c>LogValues&lt;T0, …&gt;</c>, whose value <c>i</c> is its field <c>_value{i}</c> of type <c>Ti</c>;
    /// any other layout (another state type, a changed framework) gets no bits, so every value is read.
    /// </summary>
    internal static class TypedValues
    {
        public static bool IsDefineState(Type state)
            => state.IsGenericType && state.DeclaringType == typeof(LoggerMessage) && state.Name.StartsWith("LogValues`", StringComparison.Ordinal)
                && state.GetGenericArguments().Select((type, i) => state.GetField($"_value{i}", BindingFlags.Instance | BindingFlags.NonPublic)?.FieldType == type).All(static same => same);

        public static ulong Textless(Type state)
        {
            if (!IsDefineState(state))
            {
                return 0;
            }

            var types = state.GetGenericArguments();
            ulong textless = 0;
            for (var i = 0; i < types.Length && i < 64; i++)
            {
                textless |= HasNoText(types[i]) ? 1UL << i : 0;
            }

            return textless;
        }

        // Formatted, these show digits, signs, dates or a member name: never a key, a token or a header.
        internal static bool HasNoText(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum
                || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
                || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly);
        }
    }
}
