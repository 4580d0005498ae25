using System.Collections.Generic;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// ASP.NET Core's hosting begins a scope per request whose text is
/// <c>RequestPath:{path} RequestId:{id}</c>: its two values and fixed words that hold no key, token
/// or secret header. When those values are clean its text is clean, so the scope is not formatted
/// (a string per request) only to be checked; a provider that prints scopes formats it as before.
/// The shape is confirmed on the first scope of the type and, should it ever differ, the text is
/// checked as for any other scope.
/// </summary>
internal static class HostingScopeText<TState>
    where TState : notnull
{
    private const int Unknown = 0, Composed = 1, Other = 2;

    private static readonly bool IsHostingScope =
        typeof(TState).Name == "HostingLogScope" && typeof(TState).IsNested
        && typeof(TState).Namespace == "Microsoft.AspNetCore.Hosting"
        && typeof(TState).Assembly.GetName().Name == "Microsoft.AspNetCore.Hosting";

    private static int _shape;

    /// <summary>True when the scope's text is made of its values alone (which the caller has found clean).</summary>
    public static bool IsComposedOfValues(TState state)
    {
        if (!IsHostingScope)
        {
            return false;
        }

        var shape = Volatile.Read(ref _shape);
        if (shape == Unknown)
        {
            shape = HasHostingShape(state) ? Composed : Other;
            Volatile.Write(ref _shape, shape);
        }

        return shape == Composed;
    }

    private static bool HasHostingShape(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count != 2)
        {
            return false;
        }

        string? path = null, id = null;
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "RequestPath":
                    path = value as string;
                    break;
                case "RequestId":
                    id = value as string;
                    break;
            }
        }

        return path is not null && id is not null && state.ToString() == "RequestPath:" + path + " RequestId:" + id;
    }
}
