namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Opts an endpoint in to request body logging: the body, up to the configured size cap, is written
/// to the audit log redacted field by field. Usable on MVC actions and controllers; minimal APIs use
/// <c>.LogBodies()</c>. Zero retention overrides it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class LogBodiesAttribute : Attribute
{
    /// <summary>
    /// The type the body binds to, whose <c>DataClassification</c> attributes classify its fields.
    /// When unset, the endpoint's declared request type is used.
    /// </summary>
    public Type? BodyType { get; set; }
}
