namespace Rampart.Analyzers.Logging;

/// <summary>Reads the holes of a message template ("User {UserId} saw {@Profile}").</summary>
internal static class MessageTemplate
{
    /// <summary>True when the hole that takes argument <paramref name="index"/> asks for destructuring ("{@Profile}").</summary>
    public static bool IsDestructured(string? template, int index)
    {
        if (template is null)
        {
            return false;
        }

        var hole = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                i++; // "{{" is a literal brace
                continue;
            }

            if (hole == index)
            {
                return i + 1 < template.Length && template[i + 1] == '@';
            }

            hole++;
            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                return false;
            }

            i = close;
        }

        return false;
    }
}
