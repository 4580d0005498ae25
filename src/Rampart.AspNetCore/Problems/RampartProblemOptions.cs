namespace Rampart.AspNetCore.Problems;

/// <summary>
/// How error responses are written (<c>Rampart:Problems</c>): RFC 9457 problem bodies for Rampart's
/// own refusals and for the framework's errors, through ASP.NET Core's <c>IProblemDetailsService</c>.
/// </summary>
/// <remarks>See <c>docs/errors.md</c>.</remarks>
public sealed class RampartProblemOptions
{
    /// <summary>
    /// Write problem bodies through the app's <c>IProblemDetailsService</c>, so <c>AddProblemDetails</c>
    /// customisations apply to Rampart's 401, 403, 429 and 503 bodies too. When off, or when the service
    /// declines (the client accepts no JSON), Rampart writes the body itself. Default: on.
    /// </summary>
    public bool UseProblemDetailsService { get; set; } = true;

    /// <summary>
    /// Under <c>UseRampart()</c>, answer the framework's own errors (binding failures, 404, 405, 415,
    /// unhandled exceptions) with a problem body. Outside Development it carries no exception detail,
    /// stack trace or header; in Development the exception's type, message and stack trace are shown,
    /// scrubbed of keys. The app's <c>IExceptionHandler</c> services are asked first. Default: on.
    /// </summary>
    public bool FrameworkErrors { get; set; } = true;
}
