using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>What restoring one set of packages gave: the compile-time assemblies, and what was not served or was taken at another version.</summary>
internal sealed record RestoreResult(IReadOnlyList<string> Assemblies, IReadOnlyList<string> Restored, IReadOnlyList<string> NotServed, IReadOnlyList<string> Substituted);

/// <summary>
/// Restores sets of package references with the machine's NuGet configuration: one throwaway project
/// per distinct set under a cache folder, all restored by one <c>dotnet restore</c> of a solution of
/// them, for net10.0 (the framework of the compilation's reference assemblies; packages made only
/// for .NET Framework come in through the SDK's fallback). A package or version that is not served
/// is retried at the nearest served version NuGet names, else dropped, together with the direct
/// packages that need a dropped dependency; the restore is then repeated for the sets that failed.
/// Each set's result is kept in the cache, so a rerun does not restore again.
/// </summary>
internal sealed partial class PackageRestore(string cacheDirectory, TextWriter log)
{
    private const string Framework = "net10.0";
    private const int Rounds = 6;

    [GeneratedRegex(@"Nearest version: (?<version>[^\s\]]+)")]
    private static partial Regex NearestVersion();

    [GeneratedRegex(@"^[0-9A-Za-z.\-+*\[\]\(\), ]+$")]
    private static partial Regex VersionText();

    /// <summary>Restores every distinct set; the result is keyed by <see cref="Key"/>.</summary>
    public async Task<Dictionary<string, RestoreResult>> RestoreAsync(IEnumerable<IReadOnlyList<PackageReference>> sets)
    {
        Directory.CreateDirectory(cacheDirectory);
        var results = new Dictionary<string, RestoreResult>(StringComparer.Ordinal);
        var pending = new Dictionary<string, PendingSet>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var key = Key(set);
            if (results.ContainsKey(key) || pending.ContainsKey(key))
            {
                continue;
            }

            var cached = Path.Combine(cacheDirectory, key, "result.json");
            if (File.Exists(cached) && JsonSerializer.Deserialize<RestoreResult>(await File.ReadAllTextAsync(cached)) is { } result && result.Assemblies.All(File.Exists))
            {
                results[key] = result;
            }
            else if (set.Count == 0)
            {
                results[key] = new RestoreResult([], [], [], []);
            }
            else
            {
                pending[key] = new PendingSet(set.Select(Normalize).ToList());
            }
        }

        var clock = Stopwatch.StartNew();
        var restoring = pending.Count;
        for (var round = 1; round <= Rounds && pending.Count > 0; round++)
        {
            log.WriteLine($"  restoring {pending.Count} package set(s), round {round}");
            foreach (var (key, set) in pending)
            {
                WriteProject(key, set);
            }

            var solution = Path.Combine(cacheDirectory, $"restore-{Environment.ProcessId}.slnx");
            await File.WriteAllTextAsync(solution, new XElement("Solution", pending.Keys.Select(k => new XElement("Project", new XAttribute("Path", Path.Combine(k, $"restore-{k}.csproj"))))).ToString());
            await RunRestoreAsync(solution);
            File.Delete(solution);

            foreach (var key in pending.Keys.ToList())
            {
                var set = pending[key];
                var assets = Path.Combine(cacheDirectory, key, "obj", "project.assets.json");
                if (!File.Exists(assets))
                {
                    // The restore did not get to this project (see last-restore.log): nothing is known, so nothing is cached.
                    set.FailAll("not restored");
                    results[key] = set.Result(null);
                    pending.Remove(key);
                    continue;
                }

                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(assets));
                if (!set.Adjust(document.RootElement) || round == Rounds || set.Packages.Count == 0)
                {
                    var result = set.Result(set.Packages.Count == 0 ? null : document.RootElement);
                    results[key] = result;
                    pending.Remove(key);
                    await File.WriteAllTextAsync(Path.Combine(cacheDirectory, key, "result.json"), JsonSerializer.Serialize(result));
                }
                else
                {
                    File.Delete(assets);
                }
            }
        }

        if (restoring > 0)
        {
            log.WriteLine($"  restored {restoring} package set(s) in {clock.Elapsed.TotalSeconds:F1} s");
        }

        return results;
    }

    /// <summary>A set's cache key: its packages with versions and assets, in name order.</summary>
    public static string Key(IReadOnlyList<PackageReference> set)
    {
        var text = string.Join('\n', set.Select(Normalize).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => $"{p.Name.ToLowerInvariant()}|{p.Version}|{p.IncludeAssets}|{p.ExcludeAssets}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Framework + "\n" + text)))[..16];
    }

    /// <summary>A version restore cannot read (an unexpanded property, nothing at all) becomes "*", the newest served.</summary>
    private static PackageReference Normalize(PackageReference package)
        => package.Version is { } version && VersionText().IsMatch(version) ? package : package with { Version = "*" };

    private void WriteProject(string key, PendingSet set)
    {
        var directory = Path.Combine(cacheDirectory, key);
        Directory.CreateDirectory(directory);
        var project = new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("TargetFramework", Framework),
                new XElement("ImportDirectoryBuildProps", "false"),
                new XElement("ImportDirectoryBuildTargets", "false"),
                new XElement("ImportDirectoryPackagesProps", "false"),
                new XElement("ManagePackageVersionsCentrally", "false"),
                new XElement("NuGetAudit", "false"),
                new XElement("TreatWarningsAsErrors", "false"),
                new XElement("WarningsAsErrors", ""),
                new XElement("NoWarn", "NU1603;NU1604;NU1605;NU1608;NU1701;NU1702;NU1510")),
            new XElement("ItemGroup",
                new XElement("FrameworkReference", new XAttribute("Include", "Microsoft.AspNetCore.App")),
                set.Packages.Select(p => new XElement("PackageReference",
                    new XAttribute("Include", p.Name),
                    new XAttribute("Version", p.Version ?? "*"),
                    p.IncludeAssets is null ? null : new XAttribute("IncludeAssets", p.IncludeAssets),
                    p.ExcludeAssets is null ? null : new XAttribute("ExcludeAssets", p.ExcludeAssets)))));
        File.WriteAllText(Path.Combine(directory, $"restore-{key}.csproj"), project.ToString());
    }

    private async Task RunRestoreAsync(string solution)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", solution, "-v", "q", "-nologo", "-p:NuGetAudit=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = cacheDirectory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet restore did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // Failures are read per project from its assets file; the output is kept only for the log.
        await File.WriteAllTextAsync(Path.Combine(cacheDirectory, "last-restore.log"), await output + await error);
    }

    private readonly record struct LogEntry(string Code, string Message, string? Library, string Level);

    private sealed class PendingSet(List<PackageReference> packages)
    {
        private readonly List<string> notServed = [];
        private readonly List<string> substituted = [];

        public List<PackageReference> Packages { get; } = packages;

        public void FailAll(string reason)
        {
            notServed.AddRange(Packages.Select(p => $"{p} ({reason})"));
            Packages.Clear();
        }

        /// <summary>Changes the set after errors: pins a package to the nearest served version, or drops it. False: nothing to change.</summary>
        public bool Adjust(JsonElement assets)
        {
            var errors = Logs(assets).Where(l => l.Level == "Error").ToList();
            if (errors.Count == 0)
            {
                return false;
            }

            var changed = false;
            var dependents = Dependents(assets);
            foreach (var (code, message, library, _) in errors)
            {
                if (library is null)
                {
                    continue;
                }

                var direct = Packages.FindIndex(p => string.Equals(p.Name, library, StringComparison.OrdinalIgnoreCase));
                var nearest = NearestVersion().Match(message);
                if (direct >= 0)
                {
                    var package = Packages[direct];
                    if (code is "NU1102" or "NU1103" && nearest.Success && package.Version != nearest.Groups["version"].Value)
                    {
                        substituted.Add($"{package} -> {nearest.Groups["version"].Value}");
                        Packages[direct] = package with { Version = nearest.Groups["version"].Value };
                    }
                    else
                    {
                        notServed.Add($"{package} ({code})");
                        Packages.RemoveAt(direct);
                    }

                    changed = true;
                }
                else if (code is "NU1102" or "NU1103" && nearest.Success)
                {
                    // A dependency served only at another version: asked for directly at that version, as a build could pin it.
                    substituted.Add($"{library} (dependency) -> {nearest.Groups["version"].Value}");
                    Packages.Add(new PackageReference(library, nearest.Groups["version"].Value, null, null, null));
                    changed = true;
                }
                else
                {
                    // A dependency that is not served: the direct packages that need it go.
                    foreach (var parent in Packages.Where(p => DependsOn(p.Name, library, dependents)).ToList())
                    {
                        notServed.Add($"{parent} (needs {library}: {code})");
                        Packages.Remove(parent);
                        changed = true;
                    }
                }
            }

            return changed;
        }

        public RestoreResult Result(JsonElement? assets)
        {
            var assemblies = new List<string>();
            var restored = new List<string>();
            if (assets is { } root && root.TryGetProperty("targets", out var targets) && targets.TryGetProperty(Framework, out var target))
            {
                var folder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
                var libraries = root.GetProperty("libraries");
                foreach (var library in target.EnumerateObject())
                {
                    if (library.Value.GetProperty("type").GetString() != "package")
                    {
                        continue;
                    }

                    var path = libraries.GetProperty(library.Name).GetProperty("path").GetString()!;
                    var name = library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)];
                    if (Packages.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        restored.Add(library.Name.Replace('/', '@'));
                    }

                    if (library.Value.TryGetProperty("compile", out var compile))
                    {
                        assemblies.AddRange(compile.EnumerateObject()
                            .Where(c => c.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                            .Select(c => Path.Combine(folder, path, c.Name.Replace('/', Path.DirectorySeparatorChar)))
                            .Where(File.Exists));
                    }
                }

                // Errors left after the last round: what did not resolve is counted as not served.
                foreach (var (code, _, library, _) in Logs(root).Where(l => l.Level == "Error" && l.Library is not null))
                {
                    if (!restored.Any(r => r.StartsWith(library + "@", StringComparison.OrdinalIgnoreCase)))
                    {
                        notServed.Add($"{library} ({code})");
                    }
                }
            }

            return new RestoreResult(assemblies.Distinct().ToList(), restored, notServed.Distinct().ToList(), substituted);
        }

        private static IEnumerable<LogEntry> Logs(JsonElement assets)
        {
            if (!assets.TryGetProperty("logs", out var logs))
            {
                yield break;
            }

            foreach (var entry in logs.EnumerateArray())
            {
                yield return new LogEntry(
                    entry.GetProperty("code").GetString() ?? "",
                    entry.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "",
                    entry.TryGetProperty("libraryId", out var l) ? l.GetString() : null,
                    entry.TryGetProperty("level", out var v) ? v.GetString() ?? "" : "");
            }
        }

        /// <summary>For each resolved package, the packages it depends on (by name).</summary>
        private static Dictionary<string, List<string>> Dependents(JsonElement assets)
        {
            var map = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            if (!assets.TryGetProperty("targets", out var targets) || !targets.TryGetProperty(Framework, out var target))
            {
                return map;
            }

            foreach (var library in target.EnumerateObject())
            {
                var name = library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)];
                map[name] = library.Value.TryGetProperty("dependencies", out var dependencies)
                    ? dependencies.EnumerateObject().Select(d => d.Name).ToList()
                    : [];
            }

            return map;
        }

        private static bool DependsOn(string package, string dependency, Dictionary<string, List<string>> map)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var stack = new Stack<string>([package]);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!seen.Add(current) || !map.TryGetValue(current, out var next))
                {
                    continue;
                }

                if (next.Contains(dependency, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }

                foreach (var n in next)
                {
                    stack.Push(n);
                }
            }

            return false;
        }
    }
}
