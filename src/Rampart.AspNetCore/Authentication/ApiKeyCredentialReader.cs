using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Finds the one credential a request carries. Never picks the first of several: two headers, a
/// header with two values, or a header plus a query parameter are refused.
/// </summary>
internal static class ApiKeyCredentialReader
{
    private const string BearerPrefix = "Bearer ";

    /// <returns><see langword="null"/> and a credential, or the reason there is none.</returns>
    public static ApiKeyFailureReason? Read(HttpRequest request, ApiKeyAuthenticationOptions options, out string? credential)
    {
        credential = null;
        var fromHeader = options.HeaderName is null
            ? ReadBearer(request.Headers.Authorization, out credential)
            : ReadBare(request.Headers[options.HeaderName], out credential);
        if (fromHeader is not null)
        {
            return fromHeader;
        }

        // Cheap test on the raw query before parsing it.
        var query = request.QueryString.Value;
        if (query is null || !query.Contains(options.QueryParameterName, StringComparison.OrdinalIgnoreCase)
            || !request.Query.TryGetValue(options.QueryParameterName, out var values))
        {
            return credential is null ? ApiKeyFailureReason.Missing : null;
        }

        if (!options.AllowQueryString)
        {
            credential = null;
            return ApiKeyFailureReason.QueryStringNotAllowed;
        }

        if (credential is not null || values.Count > 1)
        {
            credential = null;
            return ApiKeyFailureReason.MultipleCredentials;
        }

        credential = values[0];
        return string.IsNullOrEmpty(credential) ? ApiKeyFailureReason.Malformed : null;
    }

    private static ApiKeyFailureReason? ReadBearer(StringValues values, out string? credential)
    {
        credential = null;
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            return ApiKeyFailureReason.MultipleCredentials;
        }

        var value = values[0];
        if (value is null || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme's credentials (Basic, a JWT handler's): not ours to judge.
            return null;
        }

        return Validate(value.AsSpan(BearerPrefix.Length).Trim(' ').ToString(), out credential);
    }

    private static ApiKeyFailureReason? ReadBare(StringValues values, out string? credential)
    {
        credential = null;
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count > 1 ? ApiKeyFailureReason.MultipleCredentials : Validate(values[0]?.Trim(' '), out credential);
    }

    private static ApiKeyFailureReason? Validate(string? token, out string? credential)
    {
        credential = null;
        if (string.IsNullOrEmpty(token))
        {
            return ApiKeyFailureReason.Malformed;
        }

        // "Bearer a, Bearer b" or "a,b": a second credential folded into one header.
        if (token.Contains(',', StringComparison.Ordinal))
        {
            return ApiKeyFailureReason.MultipleCredentials;
        }

        credential = token;
        return null;
    }
}
