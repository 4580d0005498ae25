namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>
/// The project's <c>Using</c> items, which the SDK turns into global usings beside the implicit ones:
/// Include adds a namespace (with <c>Alias</c> or <c>Static="true"</c>), Remove takes one away.
/// </summary>
internal static class UsingItems
{
    /// <summary>The global using directives (without "global using") to add, and the namespaces to remove from the implicit set.</summary>
    public static (IReadOnlyList<string> Add, IReadOnlyList<string> Remove) Read(ProjectEvaluation evaluation)
    {
        var add = new List<string>();
        var remove = new List<string>();
        foreach (var item in evaluation.Items("Using"))
        {
            if (item.Operation == "Remove")
            {
                remove.Add(item.Name);
                add.RemoveAll(a => a.EndsWith("global::" + item.Name, StringComparison.Ordinal));
            }
            else if (item.Operation == "Include")
            {
                var directive = item.Metadatum("Alias") is { } alias ? $"{alias} = global::{item.Name}"
                    : string.Equals(item.Metadatum("Static"), "true", StringComparison.OrdinalIgnoreCase) ? $"static global::{item.Name}"
                    : $"global::{item.Name}";
                if (!add.Contains(directive))
                {
                    add.Add(directive);
                }
            }
        }

        return (add, remove);
    }
}
