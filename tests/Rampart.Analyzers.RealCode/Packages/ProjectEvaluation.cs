using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>
/// A small part of MSBuild's evaluation, enough to read package references: the files a build reads
/// (the nearest Directory.Build.props, Directory.Packages.props, the project, the nearest
/// Directory.Build.targets, and the files they import by path), properties first in file order and
/// items after, with <c>$(Name)</c>, a few property functions and simple conditions. What it cannot
/// evaluate expands to nothing, as an undefined property does in MSBuild.
/// </summary>
internal sealed class ProjectEvaluation
{
    private readonly Dictionary<string, string> properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> global = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(XElement Element, string File)> elements = [];
    private readonly string root;

    private ProjectEvaluation(string projectPath, string root, IReadOnlyDictionary<string, string> globalProperties)
    {
        this.root = root;
        ProjectPath = projectPath;
        var directory = Path.GetDirectoryName(projectPath)!;
        properties["MSBuildProjectDirectory"] = directory;
        properties["MSBuildProjectFullPath"] = projectPath;
        properties["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(projectPath);
        properties["MSBuildProjectFile"] = Path.GetFileName(projectPath);
        properties["MSBuildProjectExtension"] = Path.GetExtension(projectPath);
        properties["Configuration"] = "Release";
        properties["Platform"] = "AnyCPU";
        properties["OS"] = "Unix";
        foreach (var (name, value) in globalProperties)
        {
            properties[name] = value;
            global.Add(name);
        }

        if (globalProperties.TryGetValue("TargetFramework", out var framework))
        {
            foreach (var (name, value) in TargetFrameworks.Properties(framework))
            {
                properties[name] = value;
                global.Add(name);
            }
        }
    }

    public string ProjectPath { get; }

    /// <summary>Evaluates a project file with the given global properties (for example its target framework).</summary>
    public static ProjectEvaluation Evaluate(string projectPath, string root, IReadOnlyDictionary<string, string>? globalProperties = null)
    {
        var evaluation = new ProjectEvaluation(Path.GetFullPath(projectPath), Path.GetFullPath(root), globalProperties ?? new Dictionary<string, string>());
        evaluation.Run();
        return evaluation;
    }

    public string Property(string name) => properties.GetValueOrDefault(name, "");

    /// <summary>Items of one type that survive their conditions, in evaluation order, with Include, Update or Remove.</summary>
    public IEnumerable<EvaluatedItem> Items(string itemType)
    {
        foreach (var (element, file) in elements)
        {
            if (element.Name.LocalName != itemType || element.Parent?.Name.LocalName != "ItemGroup")
            {
                continue;
            }

            if (!Condition(element.Parent, file) || !Condition(element, file))
            {
                continue;
            }

            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var attribute in element.Attributes().Where(a => a.Name.LocalName is not ("Include" or "Update" or "Remove" or "Condition")))
            {
                metadata[attribute.Name.LocalName] = Expand(attribute.Value, file);
            }

            foreach (var child in element.Elements().Where(c => Condition(c, file)))
            {
                metadata[child.Name.LocalName] = Expand(child.Value.Trim(), file);
            }

            foreach (var operation in new[] { "Include", "Update", "Remove" })
            {
                var value = element.Attribute(operation)?.Value;
                if (value is null)
                {
                    continue;
                }

                foreach (var name in Expand(value, file).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    yield return new EvaluatedItem(operation, name, metadata);
                }
            }
        }
    }

    private void Run()
    {
        var directory = Path.GetDirectoryName(ProjectPath)!;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        if (Nearest(directory, "Directory.Build.props") is { } buildProps)
        {
            Read(buildProps, visited);
        }

        if (Nearest(directory, "Directory.Packages.props") is { } packagesProps)
        {
            Read(packagesProps, visited);
        }

        Read(ProjectPath, visited);
        if (Nearest(directory, "Directory.Build.targets") is { } buildTargets)
        {
            Read(buildTargets, visited);
        }
    }

    /// <summary>The nearest file of that name in the project's folder or above it, within the code base.</summary>
    private string? Nearest(string directory, string fileName)
    {
        for (var d = directory; d is not null && d.Length >= root.Length; d = Path.GetDirectoryName(d))
        {
            var candidate = Path.Combine(d, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Properties are set as the file is read (MSBuild's first pass); items are kept for later.</summary>
    private void Read(string file, HashSet<string> visited)
    {
        if (!visited.Add(file))
        {
            return;
        }

        XDocument document;
        try
        {
            document = XDocument.Load(file);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException)
        {
            return;
        }

        if (document.Root is null)
        {
            return;
        }

        foreach (var element in document.Root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "PropertyGroup" when Condition(element, file):
                    foreach (var property in element.Elements().Where(p => Condition(p, file)))
                    {
                        SetProperty(property.Name.LocalName, Expand(property.Value.Trim(), file));
                    }

                    break;
                case "ItemGroup":
                    elements.AddRange(element.Elements().Select(e => (e, file)));
                    break;
                case "Import" when element.Attribute("Sdk") is null && Condition(element, file):
                    var path = Expand(element.Attribute("Project")?.Value ?? "", file).Replace('\\', Path.DirectorySeparatorChar);
                    if (path.Length > 0)
                    {
                        path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                        if (File.Exists(path))
                        {
                            Read(path, visited);
                        }
                    }

                    break;
                case "Choose":
                    ReadChoose(element, file, visited);
                    break;
            }
        }
    }

    private void ReadChoose(XElement choose, string file, HashSet<string> visited)
    {
        var branch = choose.Elements().FirstOrDefault(w => w.Name.LocalName == "When" && Condition(w, file))
            ?? choose.Elements().FirstOrDefault(w => w.Name.LocalName == "Otherwise");
        if (branch is null)
        {
            return;
        }

        foreach (var group in branch.Elements())
        {
            if (group.Name.LocalName == "PropertyGroup" && Condition(group, file))
            {
                foreach (var property in group.Elements().Where(p => Condition(p, file)))
                {
                    SetProperty(property.Name.LocalName, Expand(property.Value.Trim(), file));
                }
            }
            else if (group.Name.LocalName == "ItemGroup")
            {
                elements.AddRange(group.Elements().Select(e => (e, file)));
            }
        }
    }

    private void SetProperty(string name, string value)
    {
        if (!global.Contains(name))
        {
            properties[name] = value;
        }
    }

    private bool Condition(XElement element, string file)
    {
        var condition = element.Attribute("Condition")?.Value;
        return string.IsNullOrWhiteSpace(condition) || ConditionEvaluator.Evaluate(condition, text => Expand(text, file), path => Exists(path, file));
    }

    private static bool Exists(string path, string file)
    {
        if (path.Length == 0)
        {
            return false;
        }

        path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path.Replace('\\', Path.DirectorySeparatorChar)));
        return File.Exists(path) || Directory.Exists(path);
    }

    /// <summary>Expands <c>$(Name)</c>, <c>$(Name.Method('x'))</c> and some <c>$([MSBuild]::...)</c> functions.</summary>
    public string Expand(string text, string file)
    {
        if (!text.Contains("$(", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (i + 1 < text.Length && text[i] == '$' && text[i + 1] == '(')
            {
                var end = Matching(text, i + 1);
                if (end < 0)
                {
                    builder.Append(text, i, text.Length - i);
                    break;
                }

                builder.Append(ExpandOne(text[(i + 2)..end].Trim(), file));
                i = end + 1;
            }
            else
            {
                builder.Append(text[i]);
                i++;
            }
        }

        return builder.ToString();
    }

    private static int Matching(string text, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '(')
            {
                depth++;
            }
            else if (!quoted && text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private string ExpandOne(string inner, string file)
    {
        var thisDirectory = Path.GetDirectoryName(file)! + Path.DirectorySeparatorChar;
        if (inner.StartsWith("[MSBuild]::", StringComparison.OrdinalIgnoreCase))
        {
            var open = inner.IndexOf('(', StringComparison.Ordinal);
            if (open < 0 || !inner.EndsWith(')'))
            {
                return "";
            }

            var function = inner["[MSBuild]::".Length..open];
            var arguments = Arguments(inner[(open + 1)..^1]).Select(a => Expand(a, file)).ToList();
            return Function(function, arguments, thisDirectory);
        }

        if (inner.StartsWith("[System.IO.", StringComparison.OrdinalIgnoreCase))
        {
            return StaticFunction(inner, file);
        }

        var dot = inner.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? inner : inner[..dot];
        var value = name switch
        {
            "MSBuildThisFileDirectory" => thisDirectory,
            "MSBuildThisFile" => Path.GetFileName(file),
            "MSBuildThisFileFullPath" => file,
            "MSBuildThisFileName" => Path.GetFileNameWithoutExtension(file),
            _ => properties.GetValueOrDefault(name, ""),
        };
        return dot < 0 ? value : StringMethod(value, inner[(dot + 1)..], file);
    }

    /// <summary><c>[System.IO.Path]::Combine</c>, <c>GetFullPath</c>, <c>GetDirectoryName</c> and <c>[System.IO.Directory]::GetParent(x).Parent.FullName</c>.</summary>
    private string StaticFunction(string inner, string file)
    {
        var open = inner.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : Matching(inner, open);
        if (close < 0)
        {
            return "";
        }

        var function = inner[..open].Replace(" ", "", StringComparison.Ordinal);
        var arguments = Arguments(inner[(open + 1)..close]).Select(a => Expand(a, file).Replace('\\', Path.DirectorySeparatorChar)).ToList();
        var rest = inner[(close + 1)..];
        try
        {
            switch (function.ToLowerInvariant())
            {
                case "[system.io.path]::combine":
                    return Path.Combine([.. arguments]);
                case "[system.io.path]::getfullpath" when arguments.Count == 1:
                    return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, arguments[0]));
                case "[system.io.path]::getdirectoryname" when arguments.Count == 1:
                    return Path.GetDirectoryName(arguments[0]) ?? "";
                case "[system.io.directory]::getparent" when arguments.Count == 1:
                    var directory = Directory.GetParent(arguments[0]);
                    foreach (var part in rest.Split('.', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (part == "Parent")
                        {
                            directory = directory?.Parent;
                        }
                        else if (part is "FullName")
                        {
                            return directory?.FullName ?? "";
                        }
                    }

                    return directory?.FullName ?? "";
                default:
                    return "";
            }
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    private string StringMethod(string value, string call, string file)
    {
        var open = call.IndexOf('(', StringComparison.Ordinal);
        var method = open < 0 ? call : call[..open];
        var arguments = open < 0 || !call.EndsWith(')') ? [] : Arguments(call[(open + 1)..^1]).Select(a => Expand(a, file)).ToList();
        var first = arguments.Count > 0 ? arguments[0] : "";
        return method switch
        {
            "StartsWith" => Bool(value.StartsWith(first, StringComparison.Ordinal)),
            "EndsWith" => Bool(value.EndsWith(first, StringComparison.Ordinal)),
            "Contains" => Bool(value.Contains(first, StringComparison.Ordinal)),
            "ToLower" or "ToLowerInvariant" => value.ToLowerInvariant(),
            "ToUpper" or "ToUpperInvariant" => value.ToUpperInvariant(),
            "Trim" => value.Trim(),
            "Replace" when arguments.Count == 2 && first.Length > 0 => value.Replace(first, arguments[1], StringComparison.Ordinal),
            "Length" => value.Length.ToString(CultureInfo.InvariantCulture),
            _ => "",
        };
    }

    private string Function(string function, List<string> arguments, string thisDirectory)
    {
        string Argument(int i) => i < arguments.Count ? arguments[i] : "";
        switch (function)
        {
            case "GetDirectoryNameOfFileAbove":
                return Above(Argument(0), Argument(1)) is { } found ? Path.GetDirectoryName(found)! : "";
            case "GetPathOfFileAbove":
                return Above(arguments.Count > 1 && Argument(1).Length > 0 ? Argument(1) : thisDirectory, Argument(0)) ?? "";
            case "EnsureTrailingSlash":
                return Argument(0).Length == 0 || Argument(0).EndsWith('/') || Argument(0).EndsWith('\\') ? Argument(0) : Argument(0) + Path.DirectorySeparatorChar;
            case "NormalizeDirectory":
                return Path.GetFullPath(Path.Combine([.. arguments.Select(a => a.Replace('\\', Path.DirectorySeparatorChar))])) + Path.DirectorySeparatorChar;
            case "GetTargetFrameworkIdentifier":
                return TargetFrameworks.Properties(Argument(0)).GetValueOrDefault("TargetFrameworkIdentifier", "");
            case "GetTargetFrameworkVersion":
                return TargetFrameworks.Properties(Argument(0)).GetValueOrDefault("TargetFrameworkVersion", "").TrimStart('v');
            case "IsTargetFrameworkCompatible":
                return Bool(TargetFrameworks.IsCompatible(Argument(0), Argument(1)));
            case "VersionGreaterThanOrEquals":
            case "VersionGreaterThan":
            case "VersionLessThan":
            case "VersionLessThanOrEquals":
            case "VersionEquals":
                if (!Version.TryParse(Argument(0).TrimStart('v'), out var a) || !Version.TryParse(Argument(1).TrimStart('v'), out var b))
                {
                    return "false";
                }

                var c = a.CompareTo(b);
                return Bool(function switch
                {
                    "VersionGreaterThanOrEquals" => c >= 0,
                    "VersionGreaterThan" => c > 0,
                    "VersionLessThan" => c < 0,
                    "VersionLessThanOrEquals" => c <= 0,
                    _ => c == 0,
                });
            default:
                return "";
        }
    }

    /// <summary>The file found in <paramref name="startDirectory"/> or a folder above it (inside the code base, as the files above it are not part of it).</summary>
    private string? Above(string startDirectory, string fileName)
    {
        if (startDirectory.Length == 0 || fileName.Length == 0)
        {
            return null;
        }

        var start = Path.GetFullPath(startDirectory.Replace('\\', Path.DirectorySeparatorChar)).TrimEnd(Path.DirectorySeparatorChar);
        for (var d = start; d is not null && d.Length >= root.Length; d = Path.GetDirectoryName(d))
        {
            var candidate = Path.Combine(d, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<string> Arguments(string text)
    {
        var arguments = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0 && !quoted))
            {
                var argument = text[start..i].Trim();
                if (argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'')
                {
                    argument = argument[1..^1];
                }

                if (argument.Length > 0 || i < text.Length)
                {
                    arguments.Add(argument);
                }

                start = i + 1;
            }
            else if (text[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '(')
            {
                depth++;
            }
            else if (!quoted && text[i] == ')')
            {
                depth--;
            }
        }

        return arguments;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>One item as evaluated: the operation (Include, Update, Remove), its value and its metadata.</summary>
internal sealed record EvaluatedItem(string Operation, string Name, IReadOnlyDictionary<string, string> Metadata)
{
    public string? Metadatum(string name) => Metadata.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
