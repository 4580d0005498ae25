namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>A package a project references, with the version a build would ask for (null: none found) and the assets it takes.</summary>
internal sealed record PackageReference(string Name, string? Version, string? IncludeAssets, string? ExcludeAssets, string? PrivateAssets)
{
    /// <summary>Whether a project that references this one gets the package too (PrivateAssets="all" stops it).</summary>
    public bool Flows => !string.Equals(PrivateAssets?.Trim(), "all", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Name}@{Version ?? "*"}";
}

/// <summary>
/// Reads a project's PackageReference items the way restore sees them: Include, Update and Remove in
/// order, versions from the item, from central package management (PackageVersion items in
/// Directory.Packages.props, VersionOverride on the reference) and GlobalPackageReference items,
/// with properties expanded and conditions evaluated for the project's chosen target framework.
/// </summary>
internal static class PackageReferenceReader
{
    /// <summary>Evaluates the project for the target framework that stands for it (see <see cref="TargetFrameworks.Choose"/>).</summary>
    public static ProjectEvaluation Evaluate(string projectPath, string root)
    {
        var first = ProjectEvaluation.Evaluate(projectPath, root);
        var framework = TargetFrameworks.Choose(first.Property("TargetFramework"), first.Property("TargetFrameworks"));
        return framework is null
            ? first
            : ProjectEvaluation.Evaluate(projectPath, root, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["TargetFramework"] = framework });
    }

    public static IReadOnlyList<PackageReference> Read(ProjectEvaluation evaluation)
    {
        var central = string.Equals(evaluation.Property("ManagePackageVersionsCentrally"), "true", StringComparison.OrdinalIgnoreCase);
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in evaluation.Items("PackageVersion"))
        {
            switch (item.Operation)
            {
                case "Include":
                case "Update" when versions.ContainsKey(item.Name):
                    if (item.Metadatum("Version") is { } version)
                    {
                        versions[item.Name] = version;
                    }

                    break;
                case "Remove":
                    versions.Remove(item.Name);
                    break;
            }
        }

        var references = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var item in evaluation.Items("PackageReference").Concat(central ? evaluation.Items("GlobalPackageReference") : []))
        {
            switch (item.Operation)
            {
                case "Include":
                    if (!references.TryGetValue(item.Name, out var entry))
                    {
                        entry = new Entry();
                        references[item.Name] = entry;
                        order.Add(item.Name);
                    }

                    entry.Apply(item);
                    break;
                case "Update" when references.TryGetValue(item.Name, out var existing):
                    existing.Apply(item);
                    break;
                case "Remove":
                    references.Remove(item.Name);
                    order.RemoveAll(n => string.Equals(n, item.Name, StringComparison.OrdinalIgnoreCase));
                    break;
            }
        }

        return order.Select(name =>
        {
            var entry = references[name];
            // Under central management the reference's own Version is an error (NU1008) in a build; it is used only when nothing else gives one.
            var version = central
                ? entry.VersionOverride ?? versions.GetValueOrDefault(name) ?? entry.Version
                : entry.Version ?? versions.GetValueOrDefault(name);
            return new PackageReference(name, version, entry.IncludeAssets, entry.ExcludeAssets, entry.PrivateAssets);
        }).ToList();
    }

    private sealed class Entry
    {
        public string? Version { get; private set; }

        public string? VersionOverride { get; private set; }

        public string? IncludeAssets { get; private set; }

        public string? ExcludeAssets { get; private set; }

        public string? PrivateAssets { get; private set; }

        public void Apply(EvaluatedItem item)
        {
            Version = item.Metadatum("Version") ?? Version;
            VersionOverride = item.Metadatum("VersionOverride") ?? VersionOverride;
            IncludeAssets = item.Metadatum("IncludeAssets") ?? IncludeAssets;
            ExcludeAssets = item.Metadatum("ExcludeAssets") ?? ExcludeAssets;
            PrivateAssets = item.Metadatum("PrivateAssets") ?? PrivateAssets;
        }
    }
}
