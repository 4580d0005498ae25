using System.ComponentModel.DataAnnotations;

namespace RampartApi.Disclosure;

/// <summary>
/// What <c>/.well-known/security.txt</c> says (section <c>SecurityTxt</c>): where to report a
/// vulnerability, the disclosure policy, and until when this information holds.
/// </summary>
/// <remarks>RFC 9116. The same promise is in SECURITY.md; keep the two alike.</remarks>
internal sealed class SecurityTxtOptions : IValidatableObject
{
    public const string SectionName = "SecurityTxt";

    /// <summary>Where to report, as a URI: <c>mailto:</c>, <c>https:</c> or <c>tel:</c> (RFC 9116 §2.5.3).</summary>
    [Required]
    public string Contact { get; set; } = string.Empty;

    /// <summary>When the file is stale (RFC 9116 §2.5.5): less than a year ahead. Move it forward at each review.</summary>
    [Required]
    public DateTimeOffset? Expires { get; set; }

    /// <summary>The disclosure policy, an <c>https:</c> URI (RFC 9116 §2.5.7).</summary>
    [Required]
    public string Policy { get; set; } = string.Empty;

    /// <summary>Languages reports may be written in, e.g. <c>en</c> (RFC 9116 §2.5.8).</summary>
    public string PreferredLanguages { get; set; } = "en";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Contact, UriKind.Absolute, out var contact) || contact.Scheme is not ("mailto" or "https" or "tel"))
        {
            yield return new ValidationResult($"{SectionName}:Contact must be a mailto:, https: or tel: URI.", [nameof(Contact)]);
        }

        if (!Uri.TryCreate(Policy, UriKind.Absolute, out var policy) || policy.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult($"{SectionName}:Policy must be an https: URI.", [nameof(Policy)]);
        }

        // Each value is one field of one line: a line break would let configuration add fields.
        foreach (var (name, value) in new[] { (nameof(Contact), Contact), (nameof(Policy), Policy), (nameof(PreferredLanguages), PreferredLanguages) })
        {
            if (value.Any(char.IsControl))
            {
                yield return new ValidationResult($"{SectionName}:{name} must be one line without control characters.", [name]);
            }
        }
    }
}
