using Microsoft.CodeAnalysis;

namespace Rampart.Analyzers;

/// <summary>
/// The registry of Rampart's rules: every id, its descriptor and its help link live here.
/// The help link of a rule is <see cref="HelpLinkBase"/> followed by <c>RMPnnnn.md</c>; the file
/// is <c>docs/rules/RMPnnnn.md</c> in the repository.
/// </summary>
internal static class RampartRules
{
    public const string HelpLinkBase = "https://github.com/rampart-sdk/rampart/blob/main/docs/rules/";

    public const string SecurityCategory = "Security";
    public const string PrivacyCategory = "Privacy";

    public const string RampartKeyInSourceId = "RMP0001";
    public const string ProviderSecretInSourceId = "RMP0002";
    public const string SecretNamedValueId = "RMP0003";
    public const string CredentialInConnectionStringId = "RMP0004";
    public const string ConstantCredentialId = "RMP0005";
    public const string SecretInConfigurationFileId = "RMP0006";
    public const string ClassifiedDataLoggedId = "RMP0007";
    public const string PersonalDataLoggedByNameId = "RMP0008";

    /// <summary>Diagnostic property: the environment variable a code fix should read the value from.</summary>
    public const string ConfigurationNameProperty = "ConfigurationName";

    /// <summary>Diagnostic property: the metadata name of the classification attribute a code fix should add.</summary>
    public const string ClassificationAttributeProperty = "ClassificationAttribute";

    public static readonly DiagnosticDescriptor RampartKeyInSource = Create(
        RampartKeyInSourceId,
        "Rampart API key in source code",
        "This string contains a Rampart API key; read it from configuration or a secret store instead",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A string literal holds a checksum-valid Rampart API key. Keys in source code end up in version control, build logs and binaries. Revoke the key and load it from configuration.");

    public static readonly DiagnosticDescriptor ProviderSecretInSource = Create(
        ProviderSecretInSourceId,
        "Well-known provider secret in source code",
        "This string contains {0}; read it from configuration or a secret store instead",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A string literal holds a credential in a well-known provider format (AWS, GitHub, Stripe, Slack, Google, Azure Storage, SendGrid, npm, a PEM private key or a JWT). Revoke it and load it from configuration.");

    public static readonly DiagnosticDescriptor SecretNamedValue = Create(
        SecretNamedValueId,
        "Hard-coded secret bound to a secret-named symbol",
        "'{0}' is given a hard-coded secret value; read it from configuration or a secret store instead",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A random-looking literal is assigned to a field, property, variable, parameter, argument or dictionary entry whose name says it is a secret (password, token, API key, client secret...).");

    public static readonly DiagnosticDescriptor CredentialInConnectionString = Create(
        CredentialInConnectionStringId,
        "Credential in a connection string or URI",
        "This {0} contains a literal password; read the connection string from configuration instead",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A connection string with a literal Password= or Pwd= value, or a URI of the form scheme://user:password@host, puts a credential in source code.");

    public static readonly DiagnosticDescriptor ConstantCredential = Create(
        ConstantCredentialId,
        "Constant value used as a credential or key",
        "{0} is built from a constant; load the secret from configuration or a key store",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A NetworkCredential password, a SymmetricSecurityKey, an HMAC key or an AES key is made from literal bytes or a literal string. Anyone with the binary has the key.");

    public static readonly DiagnosticDescriptor SecretInConfigurationFile = Create(
        SecretInConfigurationFileId,
        "Secret in a configuration file",
        "'{0}' holds {1}; keep secrets out of checked-in configuration files (use user secrets, environment variables or a vault)",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "A checked-in appsettings*.json, launchSettings.json or web.config holds a key, token, password or other secret.");

    public static readonly DiagnosticDescriptor ClassifiedDataLogged = Create(
        ClassifiedDataLoggedId,
        "Classified data logged without redaction",
        "'{0}' is classified as {1} and is logged without redaction",
        PrivacyCategory,
        DiagnosticSeverity.Warning,
        "A value whose symbol or type carries a data classification attribute ([DataClassification]-derived, [PersonalData] or [ProtectedPersonalData]) is passed to a logger where no redactor applies. Log it through a [LoggerMessage] parameter that carries the classification, or redact it first.");

    /// <summary>
    /// RMP0007 on a classified [LoggerMessage] parameter that the plain logging generator writes in clear.
    /// Reported when the compilation ends: a parameter whose every caller redacts first is not.
    /// </summary>
    public static readonly DiagnosticDescriptor ClassifiedParameterNotRedacted = new(
        ClassifiedDataLoggedId,
        "Classified data logged without redaction",
        "'{0}' is classified as {1}, but the plain logging generator (Microsoft.Extensions.Logging.Generators) writes this [LoggerMessage] method and does not redact it; reference Microsoft.Extensions.Telemetry.Abstractions with redaction enabled, or redact the value before the call",
        PrivacyCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A [LoggerMessage] parameter carries a [DataClassification]-derived attribute, but the method is written by Microsoft.Extensions.Logging.Generators, which ignores classifications. Only the compliance-aware generator (Microsoft.Gen.Logging, in Microsoft.Extensions.Telemetry.Abstractions) passes classified parameters to the redactor, once redaction is enabled.",
        helpLinkUri: HelpLinkBase + ClassifiedDataLoggedId + ".md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    private const string PersonalDataLoggedByNameTitle = "Likely personal or secret data logged by name";
    private const string PersonalDataLoggedByNameMessage = "'{0}' looks like {1} and is logged without a data classification";
    private const string PersonalDataLoggedByNameDescription = "A logged value is named like personal or secret data (e-mail, phone, national id, card number, IBAN, password, token, date of birth, address, the Authorization header) and carries no data classification.";

    public static readonly DiagnosticDescriptor PersonalDataLoggedByName = Create(
        PersonalDataLoggedByNameId,
        PersonalDataLoggedByNameTitle,
        PersonalDataLoggedByNameMessage,
        PrivacyCategory,
        DiagnosticSeverity.Warning,
        PersonalDataLoggedByNameDescription);

    /// <summary>
    /// RMP0008 as reported when the compilation ends: a <c>[LoggerMessage]</c> parameter suspect by name,
    /// judged once every call in the compilation has been seen (an IDE shows it with full-solution analysis).
    /// </summary>
    public static readonly DiagnosticDescriptor PersonalDataLoggedByNameAtCompilationEnd = new(
        PersonalDataLoggedByNameId,
        PersonalDataLoggedByNameTitle,
        PersonalDataLoggedByNameMessage,
        PrivacyCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: PersonalDataLoggedByNameDescription,
        helpLinkUri: HelpLinkBase + PersonalDataLoggedByNameId + ".md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>Every rule, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    {
        RampartKeyInSource,
        ProviderSecretInSource,
        SecretNamedValue,
        CredentialInConnectionString,
        ConstantCredential,
        SecretInConfigurationFile,
        ClassifiedDataLogged,
        PersonalDataLoggedByName,
    };

    /// <summary>The help link of a rule id.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
}
