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
    /// <param name="request">The request.</param>
    /// <param name="options">Where keys are read.</param>
    /// <param name="sharedBearerPrefix">
    /// When another scheme reads bearer tokens too: the key prefix, so that only tokens in the key
    /// grammar are taken and the others are left as if absent. <see langword="null"/> when every
    /// bearer token is Rampart's.
    /// </param>
    /// <param name="credential">The credential found: a slice of the header or query value, so no string is made for it.</param>
    public static ApiKeyFailureReason? Read(HttpRequest request, ApiKeyAuthenticationOptions options, string? sharedBearerPrefix, out ReadOnlyMemory<char> credential)
    {
        var fromHeader = options.HeaderName is null
            ? ReadBearer(request.Headers.Authorization, sharedBearerPrefix, out credential)
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
            return credential.IsEmpty ? ApiKeyFailureReason.Missing : null;
        }

        if (!options.AllowQueryString)
        {
            credential = default;
            return ApiKeyFailureReason.QueryStringNotAllowed;
        }

        if (!credential.IsEmpty || values.Count > 1)
        {
            credential = default;
            return ApiKeyFailureReason.MultipleCredentials;
        }

        credential = values[0].AsMemory();
        return credential.IsEmpty ? ApiKeyFailureReason.Malformed : null;
    }

    /// <summary>True when a request's bearer token is Rampart's to judge: it is in the key grammar.</summary>
    public static bool CarriesKey(HttpRequest request, ApiKeyAuthenticationOptions options, string? sharedBearerPrefix)
        => Read(request, options, sharedBearerPrefix, out _) != ApiKeyFailureReason.Missing;

    /// <summary>
    /// Whether <paramref name="token"/> is in the key grammar: well formed (a checksum mismatch is a
    /// mistyped key, still ours), or starting with our prefix and <c>_</c> (a truncated key). A JWT
    /// (dots, no prefix) or an opaque token of another scheme is not. Bounded: the grammar check
    /// reads at most the longest key.
    /// </summary>
    public static bool IsInKeyGrammar(ReadOnlySpan<char> token, string prefix)
    {
        token = token.Trim(' ');
        if (token.Length > prefix.Length && token.StartsWith(prefix, StringComparison.Ordinal) && token[prefix.Length] == '_')
        {
            return true;
        }

        return Keys.ApiKeyFormat.Check(token, out _) is Keys.ApiKeyFormatError.None or Keys.ApiKeyFormatError.ChecksumMismatch;
    }

    private static ApiKeyFailureReason? ReadBearer(StringValues values, string? sharedBearerPrefix, out ReadOnlyMemory<char> credential)
    {
        credential = default;
        if (values.Count == 0)
        {
            return null;
        }

        if (sharedBearerPrefix is not null && !AnyInKeyGrammar(values, sharedBearerPrefix))
        {
            // Every bearer token here is another scheme's (a JWT has dots): leave it to that scheme.
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

        return Validate(value.AsMemory(BearerPrefix.Length).Trim(' '), out credential);
    }

    private static bool AnyInKeyGrammar(StringValues values, string prefix)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            // "Bearer a, Bearer b" folds two credentials into one value: each is judged.
            foreach (var range in value.AsSpan().Split(','))
            {
                var part = value.AsSpan()[range].Trim(' ');
                if (part.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    part = part[BearerPrefix.Length..];
                }

                if (IsInKeyGrammar(part, prefix))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ApiKeyFailureReason? ReadBare(StringValues values, out ReadOnlyMemory<char> credential)
    {
        credential = default;
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count > 1 ? ApiKeyFailureReason.MultipleCredentials : Validate(values[0].AsMemory().Trim(' '), out credential);
    }

    private static ApiKeyFailureReason? Validate(ReadOnlyMemory<char> token, out ReadOnlyMemory<char> credential)
    {
        credential = default;
        if (token.IsEmpty)
        {
            return ApiKeyFailureReason.Malformed;
        }

        // "Bearer a, Bearer b" or "a,b": a second credential folded into one header.
        if (token.Span.Contains(','))
        {
            return ApiKeyFailureReason.MultipleCredentials;
        }

        credential = token;
        return null;
    }
}
