using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Rampart.LoadTests.Floor;

/// <summary>What an endpoint asks of the floor: a scope, and the route value its organisation must match.</summary>
internal sealed record FloorRequirement(string Scope, string OrganizationRouteValue);

/// <summary>
/// The required work of the Rampart configuration, by the thinnest hand-written code and no framework
/// authentication or authorization: HTTPS only with HSTS, the key verified (<see cref="FloorKeys"/>) under a
/// span of its own and the request's span tagged, the scope and the organisation binding, six windows
/// counted, the <c>RateLimit</c> fields, then one audit record through <see cref="ILogger"/> with Rampart's
/// fields, each text value checked for control characters and key-shaped text before it is logged.
/// </summary>
internal sealed class FloorMiddleware(RequestDelegate next, FloorKeys keys, IFloorWindows windows, ILoggerFactory loggers)
{
    public const string ActivitySourceName = "Rampart.LoadTests.Floor";

    private const string Hsts = "max-age=31536000; includeSubDomains";
    private const string Challenge = "Bearer realm=\"api\"";
    private const string InvalidChallenge = "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"Unknown API key\"";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(Enumerable.Range(0, 32).Select(c => (char)c).Append((char)127).ToArray());
    private static readonly SearchValues<string> KeyMarkers = SearchValues.Create(["_live_", "_test_"], StringComparison.Ordinal);

    private readonly ILogger _audit = loggers.CreateLogger(FloorAuditLog.Category);
    private readonly byte[] _clientKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<IPAddress, string> _clients = new();

    // Problem bodies up to the trace id: Rampart's for a request without a key and for another organisation's key;
    // one body for every key that does not verify (Rampart words each reason apart: only valid and missing keys are measured).
    private const string MissingBody = "{\"type\":\"urn:rampart:problem:missing-credentials\",\"title\":\"API key required\",\"status\":401,\"detail\":\"Send an API key in the Authorization header: 'Authorization: Bearer <key>'.\",\"code\":\"missing_credentials\",\"traceId\":\"";
    private const string InvalidBody = "{\"type\":\"urn:rampart:problem:unknown-key\",\"title\":\"Unknown API key\",\"status\":401,\"detail\":\"The API key is not recognised.\",\"code\":\"unknown_key\",\"traceId\":\"";
    private const string ForbiddenBody = "{\"type\":\"urn:rampart:problem:organization-mismatch\",\"title\":\"Wrong organisation\",\"status\":403,\"detail\":\"This endpoint serves the organisation the request names, and the API key belongs to another (or the request names none). Use a key of that organisation.\",\"code\":\"organization_mismatch\",\"traceId\":\"";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<FloorRequirement>() is not { } requirement)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var response = context.Response;
        FloorKeyRecord? record = null;
        if (!context.Request.IsHttps)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var headers = response.Headers;
            headers.StrictTransportSecurity = Hsts;
            headers.XContentTypeOptions = "nosniff";
            record = Authenticate(context, out var presented);
            if (record is null)
            {
                headers.CacheControl = "no-store";
                headers.WWWAuthenticate = presented ? InvalidChallenge : Challenge;
                await WriteProblemAsync(response, StatusCodes.Status401Unauthorized, presented ? InvalidBody : MissingBody);
            }
            else
            {
                headers.CacheControl = "no-store";
                if (!record.Scopes.Contains(requirement.Scope) || !string.Equals(context.Request.RouteValues[requirement.OrganizationRouteValue] as string, record.Organization, StringComparison.Ordinal))
                {
                    await WriteProblemAsync(response, StatusCodes.Status403Forbidden, ForbiddenBody);
                }
                else
                {
                    var decision = await windows.AcquireAsync(record);
                    headers["RateLimit-Policy"] = FloorPolicies.PolicyHeader;
                    headers["RateLimit"] = FloorPolicies.RateLimitHeader(decision);
                    if (decision.Admitted)
                    {
                        Activity.Current?.SetTag("rampart.decision", "success");
                        await next(context);
                    }
                    else
                    {
                        response.StatusCode = StatusCodes.Status429TooManyRequests;
                    }
                }
            }
        }

        Audit(context, record, Stopwatch.GetElapsedTime(started));
    }

    private static Task WriteProblemAsync(HttpResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        return response.WriteAsync(string.Concat(body, Activity.Current?.Id, "\"}"));
    }

    private FloorKeyRecord? Authenticate(HttpContext context, out bool presented)
    {
        StringValues authorization = context.Request.Headers.Authorization;
        presented = authorization.Count > 0;
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var request = Activity.Current;
        FloorKeyRecord? record;
        using (Source.StartActivity("floor.verify_key", ActivityKind.Internal))
        {
            record = keys.Verify(value.AsSpan(7).Trim());
        }

        if (record is not null && request is { IsAllDataRequested: true })
        {
            request.SetTag("rampart.api_key.id", record.Id);
            request.SetTag("rampart.organization", record.Organization);
        }

        return record;
    }

    private void Audit(HttpContext context, FloorKeyRecord? record, TimeSpan duration)
    {
        if (!_audit.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        FloorAuditLog.Request(
            _audit,
            Clean(request.Method),
            Clean(request.PathBase.Add(request.Path).Value ?? string.Empty),
            context.Response.StatusCode,
            Math.Round(duration.TotalMilliseconds, 3),
            (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route ? Clean(route) : null,
            record?.Id,
            record?.Name is { } name ? Clean(name) : null,
            record?.Organization is { } organization ? Clean(organization) : null,
            record?.Environment,
            Client(context.Connection.RemoteIpAddress),
            Clean(context.TraceIdentifier),
            Activity.Current?.TraceId.ToHexString(),
            request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? Clean(agent) : string.Empty,
            request.QueryString.HasValue ? Clean(request.QueryString.Value!) : null,
            null);
    }

    // The log scrubbing a record needs: no control character (a forged line) and no key-shaped text in any value.
    private static string Clean(string value)
        => value.AsSpan().ContainsAny(ControlCharacters) || value.AsSpan().ContainsAny(KeyMarkers) ? "[redacted]" : value;

    // The client's address as a pseudonym (HMAC-SHA256 cut to 128 bits), each address's computed once.
    private string? Client(IPAddress? address)
        => address is null ? null : _clients.GetOrAdd(address, static (a, key) =>
        {
            Span<byte> bytes = stackalloc byte[16];
            a.TryWriteBytes(bytes, out var written);
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, bytes[..written], mac);
            return Convert.ToHexStringLower(mac[..16]);
        }, _clientKey);
}
