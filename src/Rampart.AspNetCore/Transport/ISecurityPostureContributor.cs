namespace Rampart.AspNetCore.Transport;

/// <summary>
/// Adds lines to the start-up security posture. The extension point for features outside the
/// transport layer: register an implementation with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ISecurityPostureContributor, T&gt;())</c>.
/// </summary>
/// <remarks>
/// Request and response body logging reports here: when bodies are logged without redaction it
/// calls <see cref="SecurityPostureReport.AddDanger"/> naming its setting, so production refuses to
/// start. See <c>docs/transport.md</c>.
/// </remarks>
public interface ISecurityPostureContributor
{
    /// <summary>Describes this feature's settings in <paramref name="report"/>.</summary>
    void Contribute(SecurityPostureReport report);
}

/// <summary>The start-up security posture: one line per setting, plus the dangerous ones.</summary>
public sealed class SecurityPostureReport
{
    private readonly List<(string Area, string State)> _lines = [];
    private readonly List<string> _dangers = [];
    private readonly List<string> _warnings = [];

    /// <summary>The lines of the summary, in order.</summary>
    public IReadOnlyList<(string Area, string State)> Lines => _lines;

    /// <summary>The dangerous settings found, each naming its configuration key.</summary>
    public IReadOnlyList<string> Dangers => _dangers;

    /// <summary>Settings that weaken what Rampart does without being unsafe to run: logged as warnings in every environment.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Records a setting the app should know about (logged as a warning; the app still starts).
    /// Name the setting and the fix, e.g. <c>"Rampart:RateLimits:Enabled is false: keys are unlimited"</c>.
    /// </summary>
    public void AddWarning(string setting, string message)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(message);
        _warnings.Add($"{setting}: {message}");
    }

    /// <summary>Adds a summary line, e.g. <c>("HSTS", "max-age=31536000; includeSubDomains")</c>.</summary>
    public void Add(string area, string state)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(state);
        _lines.Add((area, state));
    }

    /// <summary>
    /// Records a dangerous setting. Outside Development the app refuses to start and the message is
    /// shown; in Development it is logged as a warning. Name the setting, e.g.
    /// <c>"Rampart:Logging:Bodies is on without redaction"</c>. Never include a secret value.
    /// </summary>
    public void AddDanger(string setting, string message)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(message);
        _dangers.Add($"{setting}: {message}");
    }

    /// <summary>The one-screen summary text.</summary>
    public string Format()
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => l.Area.Length);
        var text = new System.Text.StringBuilder();
        foreach (var (area, state) in _lines)
        {
            text.Append("  ").Append(area.PadRight(width)).Append("  ").AppendLine(state);
        }

        foreach (var warning in _warnings)
        {
            text.Append("  WARNING  ").AppendLine(warning);
        }

        foreach (var danger in _dangers)
        {
            text.Append("  DANGER  ").AppendLine(danger);
        }

        return text.ToString().TrimEnd();
    }
}
