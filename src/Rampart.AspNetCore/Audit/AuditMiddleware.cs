using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging;
using Rampart.AspNetCore.Redaction;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Writes one audit record per request after the rest of the pipeline has run, so it sees the
/// final status, the duration and the key the request was authenticated with (or refused for).
/// Counts the request in the <c>Rampart</c> meter and, when it carried a verified key and records are
/// stored, in that key's usage.
/// </summary>
internal sealed class AuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RampartLoggingOptions _options;
    private readonly TimeProvider _time;
    private readonly RampartMetrics _metrics;
    private readonly ILogger _logger;
    private readonly AuditRecordQueue _queue;
    private readonly ClientAddressPseudonymizer _pseudonymizer;
    private readonly LogValueSanitizer _sanitizer;
    private readonly SecretNameMatcher _secretNames;
    private readonly RequestBodyFormatter _bodies;
    private readonly UsageCounter _usage;
    private readonly FrozenSet<string> _neverLoggedHeaders;
    private readonly string _keyQueryParameter;
    private readonly string[] _loggedHeaders;

    public AuditMiddleware(
        RequestDelegate next,
        IOptions<RampartOptions> options,
        TimeProvider time,
        RampartMetrics metrics,
        ILoggerFactory loggerFactory,
        AuditRecordQueue queue,
        ClientAddressPseudonymizer pseudonymizer,
        TextMasker masker,
        RequestBodyFormatter bodies,
        UsageCounter usage)
    {
        _usage = usage;
        _next = next;
        _options = options.Value.Logging;
        _time = time;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(AuditLog.Category);
        _queue = queue;
        _pseudonymizer = pseudonymizer;
        _sanitizer = new LogValueSanitizer(masker, _options.MaxValueLength);
        _secretNames = new SecretNameMatcher(_options);
        _bodies = bodies;

        var authentication = options.Value.Authentication;
        var never = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            HeaderNames.Authorization, HeaderNames.ProxyAuthorization, HeaderNames.Cookie, HeaderNames.SetCookie, "X-Api-Key",
        };
        if (authentication.HeaderName is { } keyHeader)
        {
            never.Add(keyHeader);
        }

        _neverLoggedHeaders = never.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _keyQueryParameter = authentication.QueryParameterName;
        _loggedHeaders = [.. _options.LoggedHeaders.Order(StringComparer.OrdinalIgnoreCase)];
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return CountOnlyAsync(context);
        }

        return AuditAsync(context);
    }

    private async Task CountOnlyAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            _metrics.RequestCompleted(context.Response.StatusCode);
        }
    }

    private async Task AuditAsync(HttpContext context)
    {
        var timestamp = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var body = ShouldLogBody(context, out var bodyType) ? await CaptureBodyAsync(context.Request).ConfigureAwait(false) : null;
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch when (!context.Response.HasStarted)
        {
            // An exception handler further out, or the server, decides the status the client gets:
            // the record is written when the response starts (or ends, if it never starts).
            var pending = new PendingRecord(this, context, timestamp, started, body, bodyType);
            context.Response.OnStarting(PendingRecord.OnSent, pending);
            context.Response.OnCompleted(PendingRecord.OnSent, pending);
            throw;
        }

        Completed(context, timestamp, started, body, bodyType);
    }

    private void Completed(HttpContext context, DateTimeOffset timestamp, long started, CapturedBody? body, Type? bodyType)
    {
        var status = context.Response.StatusCode;
        _metrics.RequestCompleted(status);
        Write(context, timestamp, _time.GetElapsedTime(started), status, body, bodyType);
    }

    private void Write(HttpContext context, DateTimeOffset timestamp, TimeSpan duration, int status, CapturedBody? body, Type? bodyType)
    {
        var toLogger = _logger.IsEnabled(LogLevel.Information);
        if (!toLogger && !_queue.IsEnabled)
        {
            return;
        }

        var record = CreateRecord(context, timestamp, duration, status, body, bodyType);
        if (toLogger)
        {
            AuditLog.Request(
                _logger, record.Method, record.Path, record.StatusCode, record.DurationMs, record.Route, record.KeyId, record.KeyName,
                record.Organization, record.Environment, record.Client, record.RequestId, record.TraceId, record.UserAgent, record.Query, record.Headers);
            if (record.Body is not null)
            {
                AuditLog.RequestBody(_logger, record.RequestId, record.Body);
            }
        }

        if (_queue.IsEnabled && record.KeyId is { } keyId && record.Organization is { } organization)
        {
            var failure = context.Features.Get<Authentication.IApiKeyAuthenticationFeature>()?.Failure;
            _usage.Count(keyId, organization, timestamp, UsageOutcomes.Of(status, failure));
        }

        _queue.Enqueue(record);
    }

    internal AuditRecord CreateRecord(HttpContext context, DateTimeOffset timestamp, TimeSpan duration, int status, CapturedBody? body, Type? bodyType)
    {
        var request = context.Request;
        var claims = KeyClaims.From(context.User);
        var verified = context.Features.Get<IApiKeyAuthenticationFeature>()?.Record;
        var zero = _options.ZeroRetention;
        return new AuditRecord
        {
            Timestamp = timestamp,
            RequestId = LogValueSanitizer.Neutralize(context.TraceIdentifier, 128),
            TraceId = Activity.Current?.TraceId.ToHexString(),
            Method = LogValueSanitizer.Neutralize(request.Method, 32),
            Route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route ? LogValueSanitizer.Neutralize(route, _options.MaxValueLength) : null,
            Path = _sanitizer.Sanitize(request.PathBase.Add(request.Path).Value),
            Query = zero || !_options.LogQueryString ? null : FormatQuery(request),
            StatusCode = status,
            DurationMs = Math.Round(duration.TotalMilliseconds, 3),
            KeyId = Neutral(claims.KeyId) ?? verified?.Id,
            KeyName = Neutral(claims.KeyName ?? verified?.Name),
            Organization = Neutral(claims.Organization ?? verified?.Organization),
            Environment = Neutral(claims.Environment) ?? (verified is null ? null : ApiKeyParser.EnvironmentText(verified.Environment)),
            Client = _pseudonymizer.Pseudonymize(context.Connection.RemoteIpAddress),
            UserAgent = zero ? null : _sanitizer.Sanitize(request.Headers.UserAgent.ToString()),
            Headers = zero ? null : FormatHeaders(request),
            Body = zero || body is null ? null : FormatBody(body, request.ContentType, bodyType),
        };
    }

    private string? FormatBody(CapturedBody body, string? contentType, Type? bodyType)
    {
        if (body.TooLarge)
        {
            return $"[body of {body.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more than " + _options.Bodies.MaxBytes} bytes exceeds the logging cap; not logged]";
        }

        return _bodies.Format(body.Bytes, contentType, JsonFieldClassifications.For(bodyType));
    }

    private string? FormatQuery(HttpRequest request)
    {
        if (!request.QueryString.HasValue)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var (name, values) in request.Query)
        {
            var secret = _secretNames.IsSecret(name) || string.Equals(name, _keyQueryParameter, StringComparison.OrdinalIgnoreCase);
            foreach (var value in values)
            {
                builder.Append(builder.Length == 0 ? '?' : '&').Append(_sanitizer.Sanitize(name)).Append('=')
                    .Append(secret ? LogValueSanitizer.Redacted : _sanitizer.Sanitize(value));
            }
        }

        return LogValueSanitizer.Neutralize(builder.ToString(), _options.MaxValueLength * 4);
    }

    private string? FormatHeaders(HttpRequest request)
    {
        if (_loggedHeaders.Length == 0)
        {
            return null;
        }

        StringBuilder? builder = null;
        foreach (var name in _loggedHeaders)
        {
            if (!request.Headers.TryGetValue(name, out var values))
            {
                continue;
            }

            builder = builder is null ? new StringBuilder() : builder.Append("; ");
            builder.Append(name).Append(": ");
            if (_neverLoggedHeaders.Contains(name) || _secretNames.IsSecret(name))
            {
                builder.Append(LogValueSanitizer.Redacted);
            }
            else
            {
                builder.Append(_sanitizer.Sanitize(values.ToString()));
            }
        }

        return builder?.ToString();
    }

    private bool ShouldLogBody(HttpContext context, out Type? bodyType)
    {
        bodyType = null;
        if (_options.ZeroRetention)
        {
            return false;
        }

        var endpoint = context.GetEndpoint();
        var marker = endpoint?.Metadata.GetMetadata<LogBodiesAttribute>();
        if (marker is null && !_options.Bodies.Enabled)
        {
            return false;
        }

        bodyType = marker?.BodyType ?? endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var request = context.Request;
        return request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
    }

    private async Task<CapturedBody> CaptureBodyAsync(HttpRequest request)
    {
        var max = _options.Bodies.MaxBytes;
        if (request.ContentLength > max)
        {
            return new CapturedBody([], true, request.ContentLength);
        }

        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(max + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= max && (read = await request.Body.ReadAsync(buffer.AsMemory(total, max + 1 - total), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            request.Body.Position = 0;
            return total > max ? new CapturedBody([], true, null) : new CapturedBody(buffer.AsSpan(0, total).ToArray(), false, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Neutral(string? value) => value is null ? null : LogValueSanitizer.Neutralize(value, 200);

    internal sealed record CapturedBody(byte[] Bytes, bool TooLarge, long? Length);

    /// <summary>A record waiting for the status the client is sent; written once, by whichever callback comes first.</summary>
    private sealed class PendingRecord(AuditMiddleware middleware, HttpContext context, DateTimeOffset timestamp, long started, CapturedBody? body, Type? bodyType)
    {
        public static readonly Func<object, Task> OnSent = static state =>
        {
            var pending = (PendingRecord)state;
            if (Interlocked.Exchange(ref pending._written, 1) == 0)
            {
                pending.Write();
            }

            return Task.CompletedTask;
        };

        private int _written;

        private void Write() => middleware.Completed(context, timestamp, started, body, bodyType);
    }
}
