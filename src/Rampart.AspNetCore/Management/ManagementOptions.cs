namespace Rampart.AspNetCore.Management;

/// <summary>
/// Who may manage keys and read audit records (<c>Rampart:Management</c>). An organisation's
/// administrators (the admin scope of <c>MapRampartKeys</c>, <c>rampart:admin</c> by default) act
/// within their own organisation only; acting across organisations takes <see cref="OperatorScope"/>.
/// </summary>
/// <remarks>
/// Follows OWASP API Security Top 10 (2023) API1 (object-level authorisation) and API5
/// (function-level authorisation): a key of another organisation answers exactly as an unknown id.
/// </remarks>
public sealed class ManagementOptions
{
    /// <summary>The scope of the API provider's own staff, who may act across organisations. Default: <c>rampart:operator</c>.</summary>
    public string OperatorScope { get; set; } = "rampart:operator";

    /// <summary>
    /// When <see langword="true"/>, a wildcard that covers <see cref="OperatorScope"/> (<c>*:*</c>,
    /// <c>rampart:*</c>) grants it. Default: <see langword="false"/>: only the scope itself, written
    /// out, makes a key an operator, so a broad grant never crosses organisations by accident.
    /// </summary>
    public bool WildcardGrantsOperator { get; set; }
}
