using System.Text.RegularExpressions;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>
/// The rules a generated Dockerfile keeps: several stages (the SDK stays out of the image), a user
/// other than root at run time, no secret in an ARG or ENV (build arguments and environment are
/// kept in the image's history and metadata), and base images pinned to an exact version or digest.
/// </summary>
internal static partial class ContainerRules
{
    /// <summary>The rules <paramref name="dockerfile"/> breaks, each as a sentence; empty when it keeps them all.</summary>
    public static IReadOnlyList<string> Violations(Dockerfile dockerfile)
    {
        var violations = new List<string>();
        if (dockerfile.Stages.Count < 2)
        {
            violations.Add($"The Dockerfile has {dockerfile.Stages.Count} stage(s): the image must be built in one stage and run from another.");
        }

        if (dockerfile.Stages.Count == 0)
        {
            return violations;
        }

        var stageNames = dockerfile.Stages.Select(s => s.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var stage in dockerfile.Stages.Where(s => !stageNames.Contains(s.Image)))
        {
            if (!PinnedImage().IsMatch(stage.Image))
            {
                violations.Add($"The base image {stage.Image} is not pinned to an exact version (x.y.z) or digest.");
            }
        }

        if (dockerfile.Final.Image.Contains("/dotnet/sdk", StringComparison.Ordinal))
        {
            violations.Add("The final stage runs on the SDK image.");
        }

        var user = dockerfile.Final.User;
        if (user is null)
        {
            violations.Add("The final stage sets no USER: the container would run as the base image's user.");
        }
        else if (IsRoot(user))
        {
            violations.Add($"The final stage runs as root (USER {user}).");
        }

        foreach (var (keyword, name, value) in dockerfile.Variables())
        {
            if (SecretName().IsMatch(name))
            {
                violations.Add($"{keyword} {name} names a secret: secrets are given when the container starts, never built in.");
            }

            if (value.Length > 0 && SecretScan.LooksLikeSecret(value))
            {
                violations.Add($"{keyword} {name} holds a value that looks like a secret.");
            }
        }

        return violations;
    }

    private static bool IsRoot(string user)
    {
        var name = user.Split(':')[0].Trim();
        return name is "root" or "0" or "";
    }

    // registry/name:1.2.3[-suffix] or name@sha256:<64 hex>.
    [GeneratedRegex(@"(:[0-9]+\.[0-9]+\.[0-9]+[^\s@]*|@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"(?i)(pass(word)?|pwd|secret|token|pepper|api_?key|private|credential|master_?key)")]
    private static partial Regex SecretName();
}
