using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Audit;

/// <summary>Request bodies: off unless turned on here or per endpoint with <c>.LogBodies()</c>.</summary>
public sealed class BodyLoggingOptions
{
    /// <summary>Log request bodies of every endpoint. Default: off (opt in per endpoint with <c>.LogBodies()</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>Bodies longer than this many bytes are not logged at all (a size note is written instead). Default: 32 KiB.</summary>
    public int MaxBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// JSON fields whose values are secret and erased: names (matched at any depth,
    /// case-insensitively) or paths such as <c>$.card.number</c>. Secret-named fields are erased anyway.
    /// </summary>
    public ISet<string> SecretJsonFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// JSON fields whose values are personal data: names or paths. They go through the redactor
    /// registered for <see cref="RampartDataClassifications.Personal"/> (erasing, or a keyed hash
    /// when <see cref="PseudonymizePersonalData"/> is on).
    /// </summary>
    public ISet<string> PersonalJsonFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Replace personal data with a keyed hash (so equal values correlate) instead of erasing it.
    /// Default: off (erase).
    /// </summary>
    public bool PseudonymizePersonalData { get; set; }
}
