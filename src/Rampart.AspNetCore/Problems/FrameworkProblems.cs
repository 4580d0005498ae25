using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Rampart.AspNetCore.Problems;

/// <summary>The problem bodies for the framework's own errors: fixed texts that say what the caller can fix.</summary>
internal static class FrameworkProblems
{
    public static ProblemDetails For(int status)
    {
        var (code, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("bad_request", "The request could not be read: a required value is missing, or a value or the body is not in the expected format."),
            StatusCodes.Status404NotFound => ("not_found", "Nothing is served at this path."),
            StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This path does not accept the request's method; the Allow header lists the methods it accepts."),
            StatusCodes.Status406NotAcceptable => ("not_acceptable", "This endpoint cannot answer in a media type the Accept header allows."),
            StatusCodes.Status411LengthRequired => ("length_required", "This request needs a Content-Length header."),
            StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "The request body is larger than this endpoint accepts."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "This endpoint does not accept the request's Content-Type."),
            StatusCodes.Status500InternalServerError => ("internal_error", "The server failed to handle the request. The traceId identifies it in the server's logs."),
            _ => (Code(status), ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason + "." : "The request failed."),
        };

        var problem = new ProblemDetails
        {
            Title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } title ? title : "Error",
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    // "Too Many Requests" -> "too_many_requests".
    private static string Code(int status)
        => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason
            ? reason.ToLowerInvariant().Replace(' ', '_').Replace("-", string.Empty, StringComparison.Ordinal)
            : "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
