namespace Rampart.AspNetCore.Audit;

/// <summary>
/// One request, as written to the audit log and the audit store. Every text field has already been
/// masked and neutralised; no field ever holds a key, a cookie or the <c>Authorization</c> header.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>When the request started.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The server's request id (<c>HttpContext.TraceIdentifier</c>).</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id, when a trace is active.</summary>
    public string? TraceId { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The route template of the endpoint, such as <c>/orders/{id}</c>.</summary>
    public string? Route { get; init; }

    /// <summary>The request path, masked.</summary>
    public required string Path { get; init; }

    /// <summary>The query string with secret-named values redacted and the rest masked; <see langword="null"/> under zero retention.</summary>
    public string? Query { get; init; }

    /// <summary>The response status code.</summary>
    public int StatusCode { get; init; }

    /// <summary>How long the request took, in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>The key's public id, when a key was presented and its secret verified.</summary>
    public string? KeyId { get; init; }

    /// <summary>The key's name (never its value).</summary>
    public string? KeyName { get; init; }

    /// <summary>The key's organisation.</summary>
    public string? Organization { get; init; }

    /// <summary>The key's environment (<c>live</c> or <c>test</c>).</summary>
    public string? Environment { get; init; }

    /// <summary>The client address as a keyed-hash pseudonym; the address itself is never recorded.</summary>
    public string? Client { get; init; }

    /// <summary>The <c>User-Agent</c>, masked; <see langword="null"/> under zero retention.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The allowlisted request headers, masked; <see langword="null"/> under zero retention.</summary>
    public string? Headers { get; init; }

    /// <summary>The redacted request body, when body logging is on for the endpoint.</summary>
    public string? Body { get; init; }
}
