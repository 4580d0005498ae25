using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>
/// <c>POST</c> of a leak report. In order, each step refusing with a problem and changing nothing: the body's size,
/// the signature headers, the signing key, the signature over the raw body, the JSON, the number of tokens. Then each
/// token is assessed and the answer lists, per token, its SHA-256, the sender's type name and the label.
/// </summary>
internal static class LeakReportEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<RampartOptions>>().Value.Incidents.LeakReports;
        var processor = services.GetRequiredService<LeakReportProcessor>();
        var metrics = services.GetRequiredService<LeakReportMetrics>();
        var aborted = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";

        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            await RefuseAsync(context, LeakReportProblem.TooLarge, processor, metrics).ConfigureAwait(false);
            return;
        }

        var body = await BoundedBody.ReadAsync(context.Request.Body, options.MaxBodyBytes, aborted).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, LeakReportProblem.TooLarge, processor, metrics).ConfigureAwait(false);
            return;
        }

        var keyId = Single(context.Request.Headers[options.KeyIdentifierHeader]);
        if (keyId is not { Length: > 0 and <= LeakReportSignature.MaxHeaderLength }
            || !LeakReportSignature.TryDecode(Single(context.Request.Headers[options.SignatureHeader]), out var signature))
        {
            await RefuseAsync(context, LeakReportProblem.Unsigned, processor, metrics).ConfigureAwait(false);
            return;
        }

        var signingKey = await services.GetRequiredService<LeakReportKeyRing>().FindAsync(keyId, aborted).ConfigureAwait(false);
        if (signingKey.SubjectPublicKeyInfo is not { } publicKey)
        {
            await RefuseAsync(context, signingKey.KeysUnavailable ? LeakReportProblem.KeysUnavailable : LeakReportProblem.UnknownKey, processor, metrics).ConfigureAwait(false);
            return;
        }

        if (!LeakReportSignature.Verify(publicKey, body, signature))
        {
            await RefuseAsync(context, LeakReportProblem.BadSignature, processor, metrics).ConfigureAwait(false);
            return;
        }

        switch (LeakReportParser.Parse(body, options.MaxTokensPerReport, out var tokens))
        {
            case LeakReportParseStatus.Malformed:
                await RefuseAsync(context, LeakReportProblem.Malformed, processor, metrics).ConfigureAwait(false);
                return;
            case LeakReportParseStatus.TooManyTokens:
                await RefuseAsync(context, LeakReportProblem.TooManyTokens, processor, metrics).ConfigureAwait(false);
                return;
        }

        var sender = LogValueSanitizer.Neutralize(keyId, LeakReportSignature.MaxHeaderLength);
        LeakReportLog.Received(processor.Events, tokens.Count, sender);
        var answers = new List<TokenFeedback>(tokens.Count);
        foreach (var token in tokens)
        {
            LeakVerdict verdict;
            try
            {
                verdict = await processor.AssessAsync(token, sender, aborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // Tokens already handled stay handled; the re-sent report finds them revoked.
                LeakReportLog.StoreUnavailable(processor.Events, exception);
                metrics.Refused(LeakReportProblem.StoreUnavailable.Code);
                await LeakReportProblem.StoreUnavailable.WriteAsync(context).ConfigureAwait(false);
                return;
            }

            answers.Add(new TokenFeedback(LeakReportProcessor.TokenHash(token.Token), Truncate(token.Type), verdict.Label));
        }

        await context.Response.WriteAsJsonAsync(answers, Json, aborted).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, LeakReportProblem problem, LeakReportProcessor processor, LeakReportMetrics metrics)
    {
        LeakReportLog.Refused(processor.Events, problem.Code, problem.Detail);
        metrics.Refused(problem.Code);
        return problem.WriteAsync(context);
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;

    private static string? Truncate(string? type) => type is { Length: > 100 } ? type[..100] : type;

    /// <summary>The per-token answer, in the shape secret scanners read as false-positive feedback.</summary>
    internal sealed record TokenFeedback(
        [property: JsonPropertyName("token_hash")] string TokenHash,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("label")] string Label);
}
