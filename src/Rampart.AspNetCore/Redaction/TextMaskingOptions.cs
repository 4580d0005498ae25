namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Detectors of the text masker. Each one validates what it matches (check digits, ranges, dates),
/// so values that fail validation are left alone. Rampart keys are always removed and cannot be turned off.
/// </summary>
public sealed class TextMaskingOptions
{
    /// <summary>Mask personal data in logged free text (path, query and header values, text bodies). Default: on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>E-mail addresses. Default: on.</summary>
    public bool Email { get; set; } = true;

    /// <summary>Payment card numbers that pass the Luhn check and have a known issuer prefix and length. Default: on.</summary>
    public bool PaymentCard { get; set; } = true;

    /// <summary>Phone numbers: E.164 with a known country code, North American and Korean numbers. Default: on.</summary>
    public bool Phone { get; set; } = true;

    /// <summary>Korean resident registration numbers (date, gender digit and check digit; see <c>docs/logging.md</c>). Default: on.</summary>
    public bool KoreanResidentRegistrationNumber { get; set; } = true;

    /// <summary>US social security numbers in the valid ranges. Default: on.</summary>
    public bool UsSocialSecurityNumber { get; set; } = true;

    /// <summary>IBANs with a known country length and a valid mod-97 check. Default: on.</summary>
    public bool Iban { get; set; } = true;

    /// <summary>Well-known provider secrets (cloud, VCS, payment and chat tokens, private keys, JWTs). Default: on.</summary>
    public bool ProviderSecrets { get; set; } = true;
}
