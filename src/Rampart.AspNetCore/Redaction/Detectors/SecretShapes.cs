namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>What <see cref="SecretShape"/> found in a text.</summary>
internal enum SecretShapes
{
    /// <summary>No provider secret can be in the text.</summary>
    None,

    /// <summary>A run of token characters, and no <c>=</c>, dash run or webhook prefix.</summary>
    TokenRunOnly,

    /// <summary>An <c>=</c>, a dash run or a webhook prefix: any format may be there.</summary>
    Other,
}
