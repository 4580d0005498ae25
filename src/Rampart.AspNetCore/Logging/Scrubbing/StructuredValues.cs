using System.Linq.Expressions;
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
            // A template seen before takes the check compiled for its state's type; the first
            // record of a template, and every state without such a check, are read value by value.
            return StructCheck<TState>.Fields is { } fields && fields(state, scrubber) is { } verdict ? verdict : check(state, scrubber);
        }

        return state is IReadOnlyList<KeyValuePair<string, object?>> values ? Verdict(values, scrubber) : null;
    }

    /// <summary>The compiled check's verdict alone: null when the state has none or its template was not seen.</summary>
    internal static StructuredValuesVerdict? CompiledVerdict<TState>(TState state, LogScrubber scrubber)
        => typeof(TState).IsValueType && StructCheck<TState>.Fields is { } fields ? fields(state, scrubber) : null;

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

    /// <summary>
    /// The check of a <c>LoggerMessage.Define</c> state whose template is clean and whose names
    /// were found plain, made for the state's own type: its fields are read directly (no indexer, no
    /// shared generic code, whose interface calls and type lookups cost more than the values' own
    /// test), text fields tested as text, others as the indexer hands them out. Null when the
    /// template was not seen before: the caller then takes the value-by-value check.
    /// </summary>
    public delegate StructuredValuesVerdict? FieldCheck<TState>(TState state, LogScrubber scrubber);

    private static class StructCheck<TState>
    {
        public static readonly Check<TState>? Instance = Create();

        public static readonly FieldCheck<TState>? Fields = Instance is null ? null : TypedValues.CompileFieldCheck<TState>();

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

        /// <summary>
        /// The field check of a <c>LoggerMessage.Define</c> state, or null for any other state or a
        /// layout other than the one <see cref="IsDefineState"/> checks (with its formatter's template).
        /// </summary>
        internal static FieldCheck<TState>? CompileFieldCheck<TState>()
        {
            var type = typeof(TState);
            if (!RuntimeFeature.IsDynamicCodeSupported || !IsDefineState(type)
                || type.GetField("_formatter", BindingFlags.Instance | BindingFlags.NonPublic) is not { } formatter
                || formatter.FieldType.GetProperty("OriginalFormat", BindingFlags.Instance | BindingFlags.Public) is not { } originalFormat
                || originalFormat.PropertyType != typeof(string))
            {
                return null;
            }

            var state = Expression.Parameter(type, "state");
            var scrubber = Expression.Parameter(typeof(LogScrubber), "scrubber");
            var template = Expression.Variable(typeof(string), "template");
            var textNeedsScrubbing = typeof(LogScrubber).GetMethod(nameof(LogScrubber.NeedsScrubbing), [typeof(string)])!;
            var valueNeedsScrubbing = typeof(LogScrubber).GetMethod(nameof(LogScrubber.ValueNeedsScrubbing), [typeof(object)])!;
            var namesArePlain = typeof(LogScrubber).GetMethod(nameof(LogScrubber.TemplateNamesArePlain))!;

            // Any value with a secret: the same test of each value as the value-by-value check.
            Expression anySecret = Expression.Constant(false);
            var types = type.GetGenericArguments();
            for (var i = types.Length - 1; i >= 0; i--)
            {
                if (HasNoText(types[i]))
                {
                    continue;
                }

                var field = Expression.Field(state, type.GetField($"_value{i}", BindingFlags.Instance | BindingFlags.NonPublic)!);
                Expression test = types[i] == typeof(string)
                    ? Expression.Call(scrubber, textNeedsScrubbing, field)
                    : Expression.Call(scrubber, valueNeedsScrubbing, Expression.Convert(field, typeof(object)));
                anySecret = Expression.OrElse(test, anySecret);
            }

            var verdict = Expression.Condition(
                anySecret,
                Expression.Constant(StructuredValuesVerdict.NeedsScrubbing, typeof(StructuredValuesVerdict?)),
                Expression.Constant(StructuredValuesVerdict.CleanTemplated, typeof(StructuredValuesVerdict?)));
            var body = Expression.Block(
                [template],
                Expression.Assign(template, Expression.Property(Expression.Field(state, formatter), originalFormat)),
                Expression.Condition(
                    Expression.AndAlso(Expression.NotEqual(template, Expression.Constant(null, typeof(string))), Expression.Call(scrubber, namesArePlain, template)),
                    verdict,
                    Expression.Constant(null, typeof(StructuredValuesVerdict?))));
            return Expression.Lambda<FieldCheck<TState>>(body, state, scrubber).Compile();
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
