using Microsoft.Extensions.Compliance.Classification;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// The data classes Rampart redacts in logged bodies. Register your own redactor for them with
/// <c>services.AddRedaction(b =&gt; b.SetRedactor&lt;T&gt;(RampartDataClassifications.Personal))</c> to change how they are hidden.
/// </summary>
public static class RampartDataClassifications
{
    /// <summary>The taxonomy name.</summary>
    public const string TaxonomyName = "Rampart";

    /// <summary>Secrets (passwords, tokens, keys): always erased.</summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));

    /// <summary>Personal data: erased by default, or replaced by a keyed hash when pseudonymisation is on.</summary>
    public static DataClassification Personal { get; } = new(TaxonomyName, nameof(Personal));
}

/// <summary>Marks a property of a logged request type as secret: its value is erased from logged bodies.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SecretDataAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="RampartDataClassifications.Secret"/>.</summary>
    public SecretDataAttribute()
        : base(RampartDataClassifications.Secret)
    {
    }
}

/// <summary>Marks a property of a logged request type as personal data: its value is redacted in logged bodies.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="RampartDataClassifications.Personal"/>.</summary>
    public PersonalDataAttribute()
        : base(RampartDataClassifications.Personal)
    {
    }
}
