using Rampart.AspNetCore.Audit;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Body logging for endpoints.</summary>
public static class RampartLoggingEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Logs this endpoint's request bodies, redacted: JSON fields classified through
    /// <c>DataClassification</c> attributes on the bound type (or configured by name or path), or
    /// whose names mark them secret, go through their redactor; other text goes through the PII masker.
    /// Bodies over <c>Rampart:Logging:Bodies:MaxBytes</c> are not logged.
    /// </summary>
    public static TBuilder LogBodies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var attribute = new LogBodiesAttribute();
        builder.Add(endpoint => endpoint.Metadata.Add(attribute));
        return builder;
    }

    /// <summary>As <see cref="LogBodies{TBuilder}(TBuilder)"/>, classifying fields by the attributes of <typeparamref name="TBody"/>.</summary>
    public static IEndpointConventionBuilder LogBodies<TBody>(this IEndpointConventionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var attribute = new LogBodiesAttribute { BodyType = typeof(TBody) };
        builder.Add(endpoint => endpoint.Metadata.Add(attribute));
        return builder;
    }
}
