using System.Text.RegularExpressions;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>A Dockerfile read into its stages and instructions (continuation lines joined, comments dropped).</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var instruction = (pending + line).Trim();
            pending = string.Empty;
            if (instruction.Length == 0)
            {
                continue;
            }

            var space = instruction.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            var arguments = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new DockerStage(parts[0], parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>The name=value pairs of every ENV and ARG of every stage.</summary>
    public IEnumerable<(string Keyword, string Name, string Value)> Variables()
        => Stages.SelectMany(stage => stage.Instructions)
            .Where(i => i.Keyword is "ENV" or "ARG")
            .SelectMany(i => Assignment().Matches(i.Arguments).Select(m => (i.Keyword, m.Groups["name"].Value, m.Groups["value"].Value.Trim('"'))));

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<value>""[^""]*""|\S*))?")]
    private static partial Regex Assignment();
}

/// <summary>One <c>FROM</c> stage.</summary>
internal sealed record DockerStage(string Image, string? Name)
{
    public List<(string Keyword, string Arguments)> Instructions { get; } = [];

    /// <summary>The user the stage's last <c>USER</c> sets, or <see langword="null"/> (the image's own).</summary>
    public string? User => Instructions.LastOrDefault(i => i.Keyword == "USER").Arguments;
}
