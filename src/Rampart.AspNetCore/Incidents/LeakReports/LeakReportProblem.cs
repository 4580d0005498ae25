using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Problems;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>The refusals of the leak-report endpoint, each with a stable code (see <c>docs/errors.md</c>). No refusal changes anything.</summary>
internal sealed record LeakReportProblem(string Code, int Status, string Title, string Detail)
{
    public static readonly LeakReportProblem TooLarge = new("leak_report_too_large", 413, "Leak report too large", "The report body is larger than this endpoint accepts. Send fewer tokens per report.");
    public static readonly LeakReportProblem Unsigned = new("leak_report_unsigned", 400, "Leak report not signed", "The report must carry its signature and the signing key's identifier in the configured headers.");
    public static readonly LeakReportProblem UnknownKey = new("leak_report_unknown_signing_key", 403, "Unknown signing key", "The report is signed with a key this app does not trust.");
    public static readonly LeakReportProblem BadSignature = new("leak_report_bad_signature", 403, "Leak report signature not valid", "The signature does not match the report body under the named key.");
    public static readonly LeakReportProblem KeysUnavailable = new("leak_report_keys_unavailable", 503, "Signing keys unavailable", "The sender's public keys could not be read. Retry later.");
    public static readonly LeakReportProblem Malformed = new("leak_report_malformed", 400, "Malformed leak report", "The body must be a JSON array of objects, each with a string 'token'.");
    public static readonly LeakReportProblem TooManyTokens = new("leak_report_too_many_tokens", 413, "Too many tokens", "The report carries more tokens than this endpoint accepts in one report. Split it.");
    public static readonly LeakReportProblem StoreUnavailable = new("leak_report_store_unavailable", 503, "Key store unavailable", "Keys cannot be checked right now. Retry later; reports can be re-sent safely.");

    public string ProblemType => ApiKeyFailureDescription.ProblemTypeBase + Code.Replace('_', '-');

    public Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "60";
        }

        return RampartProblemWriter.For(context).WriteAsync(context, RampartProblemWriter.Create(ProblemType, Title, Status, Detail, Code));
    }
}
