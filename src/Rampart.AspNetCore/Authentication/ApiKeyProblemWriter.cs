using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rampart.AspNetCore.Problems;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Writes authentication and scope failures: an RFC 6750 <c>WWW-Authenticate</c> challenge and an
/// RFC 9457 problem body with a stable <c>code</c>, through <see cref="RampartProblemWriter"/>. The texts are fixed,
/// so nothing from the request (least of all the key) can reach the response.
/// </summary>
internal sealed class ApiKeyProblemWriter
{
    public const string ProblemContentType = RampartProblemWriter.ProblemContentType;

    private readonly RampartProblemWriter _writer;
    private readonly string[] _challenges;
    private readonly string _realm;
    private readonly string _retryAfter;

    public ApiKeyProblemWriter(IOptions<RampartOptions> options)
        : this(options, new RampartProblemWriter(options))
    {
    }

    public ApiKeyProblemWriter(IOptions<RampartOptions> options, RampartProblemWriter writer)
    {
        _writer = writer;
        var authentication = options.Value.Authentication;
        _realm = authentication.Realm;
        _retryAfter = authentication.StoreUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Challenges depend only on the failure and the options: build them once.
        _challenges = Enum.GetValues<ApiKeyFailureReason>()
            .Select(reason => ApiKeyFailureDescription.For(reason) is { BearerError: { } error } description
                ? $"Bearer realm=\"{_realm}\", error=\"{error}\", error_description=\"{description.Title}\""
                : $"Bearer realm=\"{_realm}\"")
            .ToArray();
    }

    /// <summary>
    /// Sets the status and the challenge of a failure without starting the response, so that other
    /// schemes challenged for the same request add theirs; the body follows once all have answered.
    /// </summary>
    public void ApplyAuthenticationFailure(HttpContext context, ApiKeyFailureReason reason)
    {
        var response = context.Response;
        response.StatusCode = ApiKeyFailureDescription.For(reason).Status;
        if (reason == ApiKeyFailureReason.StoreUnavailable)
        {
            response.Headers.RetryAfter = _retryAfter;
        }
        else
        {
            // Appended: a JWT bearer or other scheme's challenge for this request stays beside ours.
            response.Headers.Append(HeaderNames.WWWAuthenticate, _challenges[(int)reason]);
        }
    }

    public Task WriteAuthenticationFailureBodyAsync(HttpContext context, ApiKeyFailureReason reason)
        => WriteBodyAsync(context, ApiKeyFailureDescription.For(reason), requiredScopes: null);

    /// <summary>A 403 from a policy other than scopes: no challenge (RFC 6750 names none), a problem body.</summary>
    public Task WriteForbiddenBodyAsync(HttpContext context)
        => WriteBodyAsync(context, Forbidden, requiredScopes: null);

    public Task WriteInsufficientScopeAsync(HttpContext context, IReadOnlyList<string> requiredScopes)
    {
        var scope = string.Join(' ', requiredScopes);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"{_realm}\", error=\"insufficient_scope\", error_description=\"The key lacks a required scope\", scope=\"{scope}\"";
        return WriteBodyAsync(context, InsufficientScope, requiredScopes);
    }

    private static readonly ApiKeyFailureDescription InsufficientScope = new(
        "insufficient_scope",
        StatusCodes.Status403Forbidden,
        "insufficient_scope",
        "Insufficient scope",
        "The API key is valid but lacks a scope this endpoint requires. Use a key that has the scopes listed in 'scope'.");

    private static readonly ApiKeyFailureDescription Forbidden = new(
        "forbidden",
        StatusCodes.Status403Forbidden,
        null,
        "Forbidden",
        "The caller is authenticated but not allowed to use this endpoint.");

    private Task WriteBodyAsync(HttpContext context, ApiKeyFailureDescription description, IReadOnlyList<string>? requiredScopes)
    {
        var problem = RampartProblemWriter.Create(description.ProblemType, description.Title, description.Status, description.Detail, description.Code);
        if (requiredScopes is not null)
        {
            problem.Extensions["scope"] = string.Join(' ', requiredScopes);
            problem.Extensions["required_scopes"] = requiredScopes.ToArray();
        }

        return _writer.WriteAsync(context, problem);
    }
}
