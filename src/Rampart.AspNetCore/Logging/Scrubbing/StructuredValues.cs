using System.Reflection;
using System.Runtime.CompilerServices;

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
/// once and its values read without boxing it.
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
    {
        var templated = false;
        var count = values.Count;
        for (var i = 0; i < count; i++)
        {
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

            return typeof(StructuredValues)
                .GetMethod(nameof(Verdict), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(TState))
                .CreateDelegate<Check<TState>>();
        }
    }
}
