using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Problems;

namespace Rampart.AspNetCore.Transport;

/// <summary>
/// The RFC 9457 body of a plain-HTTP refusal (<c>urn:rampart:problem:https-required</c>). Texts are
/// fixed; the only request-derived value is the public id of a key that verified and was exposed.
/// </summary>
internal static class TransportProblemWriter
{
    public const string Code = "https_required";
    public const string ProblemType = ApiKeyFailureDescription.ProblemTypeBase + "https-required";
    public const string Title = "HTTPS required";

    private const string PlainDetail =
        "This API is served over HTTPS only. Repeat the request with https://. A key sent over plain HTTP travelled unencrypted: rotate it.";

    private const string RevokedDetail =
        "This API is served over HTTPS only. The API key sent with this request travelled unencrypted and has been revoked. Create a new key and send it over HTTPS only.";

    private const string ExposedDetail =
        "This API is served over HTTPS only. The API key sent with this request travelled unencrypted and must be considered exposed. Rotate it now and send keys over HTTPS only.";

    public static async Task WriteAsync(HttpContext context, ExposureOutcome exposure)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = RampartProblemWriter.Create(ProblemType, Title, StatusCodes.Status403Forbidden, exposure.Kind switch
        {
            ExposureKind.Revoked => RevokedDetail,
            ExposureKind.Exposed => ExposedDetail,
            _ => PlainDetail,
        }, Code);
        if (exposure.KeyId is { } keyId)
        {
            // The id is public (it is in every log line about the key); never the secret.
            problem.Extensions["exposed_key"] = new Dictionary<string, object?> { ["id"] = keyId, ["revoked"] = exposure.Kind == ExposureKind.Revoked };
        }

        await RampartProblemWriter.For(context).WriteAsync(context, problem).ConfigureAwait(false);
    }
}

/// <summary>What became of a key seen on a plain-HTTP request.</summary>
internal enum ExposureKind
{
    /// <summary>No key that verified (none sent, malformed, unknown id, wrong secret, or already unusable).</summary>
    None = 0,

    /// <summary>A valid key was sent; it has been revoked.</summary>
    Revoked,

    /// <summary>A valid key was sent; it was not revoked (switched off, or revocation failed).</summary>
    Exposed,
}

internal readonly record struct ExposureOutcome(ExposureKind Kind, string? KeyId)
{
    public static ExposureOutcome None => default;
}
