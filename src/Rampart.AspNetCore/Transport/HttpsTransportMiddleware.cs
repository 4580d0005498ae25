using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Transport;

/// <summary>
/// First in Rampart's pipeline. Over plain HTTP: looks for an exposed key (and revokes it when it
/// verifies), then refuses API routes with a problem body and refuses or redirects the others.
/// On every response: HSTS (HTTPS only), <c>nosniff</c>, <c>no-store</c> when credentials were
/// involved, and no <c>Server</c> header.
/// </summary>
internal sealed class HttpsTransportMiddleware
{
    // A request carrying more candidate credentials than this is not inspected further.
    private const int MaxCandidates = 4;
    private const string BearerPrefix = "Bearer ";

    private readonly RequestDelegate _next;
    private readonly ApiKeyVerifier _verifier;
    private readonly IApiKeyManager _manager;
    private readonly ILogger _authenticationEvents;
    private readonly ILogger _transportEvents;
    private readonly TransportOptions _options;
    private readonly ApiKeyAuthenticationOptions _authentication;
    private readonly string _prefix;
    private readonly PathString[] _apiPaths;
    private readonly bool _everyPathIsApi;
    private readonly string? _hsts;
    private readonly HashSet<string> _hstsExcludedHosts;
    private readonly Func<object, Task> _applyHeaders;

    public HttpsTransportMiddleware(
        RequestDelegate next,
        ApiKeyVerifier verifier,
        IApiKeyManager manager,
        IOptions<RampartOptions> options,
        ILoggerFactory loggerFactory)
    {
        _next = next;
        _verifier = verifier;
        _manager = manager;
        _authenticationEvents = loggerFactory.CreateLogger(AuthenticationLog.Category);
        _transportEvents = loggerFactory.CreateLogger("Rampart.Transport");
        _options = options.Value.Transport;
        _authentication = options.Value.Authentication;
        _prefix = options.Value.Keys.Prefix;

        var paths = _options.ApiPaths.Select(p => p.Trim().TrimEnd('/')).ToArray();
        _everyPathIsApi = paths.Length == 0 || paths.Any(p => p.Length == 0);
        _apiPaths = paths.Where(p => p.Length > 0).Select(p => new PathString(p.StartsWith('/') ? p : "/" + p)).ToArray();
        _hsts = FormatHsts(_options.Hsts);
        _hstsExcludedHosts = new HashSet<string>(_options.Hsts.ExcludedHosts, StringComparer.OrdinalIgnoreCase);
        _applyHeaders = ApplyHeaders;
    }

    /// <summary>The header value, built once; <see langword="null"/> when HSTS is off.</summary>
    internal static string? FormatHsts(HstsHeaderOptions hsts)
    {
        if (!hsts.Enabled)
        {
            return null;
        }

        var value = "max-age=" + ((long)hsts.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (hsts.IncludeSubDomains)
        {
            value += "; includeSubDomains";
        }

        if (hsts.Preload)
        {
            value += "; preload";
        }

        return value;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(_applyHeaders, context);
        if (context.Request.IsHttps)
        {
            return _next(context);
        }

        return HandlePlainHttpAsync(context);
    }

    private async Task HandlePlainHttpAsync(HttpContext context)
    {
        var exposure = HasCandidateCredential(context.Request)
            ? await CheckExposureAsync(context).ConfigureAwait(false)
            : ExposureOutcome.None;

        var path = context.Request.Path;
        // With HTTP allowed, a key goes on to authentication only when revocation is switched off;
        // a revoked key, or one whose revocation failed, is refused here.
        if (_options.AllowHttp && (exposure.Kind == ExposureKind.None || !_options.RevokeKeysSentOverHttp))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (exposure.Kind == ExposureKind.None && _options.RedirectNonApiRoutes && !IsApiRoute(path)
            && context.Request.Host.HasValue)
        {
            RedirectToHttps(context);
            TransportLog.HttpsRedirected(_transportEvents, path.Value ?? "/");
            return;
        }

        TransportLog.HttpsRequired(_transportEvents, path.Value ?? "/");
        await TransportProblemWriter.WriteAsync(context, exposure).ConfigureAwait(false);
    }

    internal bool IsApiRoute(PathString path)
    {
        if (_everyPathIsApi)
        {
            return true;
        }

        foreach (var prefix in _apiPaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void RedirectToHttps(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.Host;
        var port = _options.HttpsPort is null or 443 ? new HostString(host) : new HostString(host, _options.HttpsPort.Value);
        var location = string.Concat("https://", port.ToUriComponent(), request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent());

        // 307/308 keep the method and body; a 301/302 would let clients turn a POST into a GET.
        context.Response.StatusCode = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? StatusCodes.Status307TemporaryRedirect
            : StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = location;

        // The Location echoes the Host header; no shared cache may keep it.
        context.Response.Headers.CacheControl = "no-store";
    }

    private bool HasCandidateCredential(HttpRequest request)
        => request.Headers.Authorization.Count > 0
            || (_authentication.HeaderName is { } header && request.Headers.ContainsKey(header))
            || (request.QueryString.Value is { } query && query.Contains(_authentication.QueryParameterName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks every key-shaped credential (header, custom header, query string: all travelled in
    /// clear) with the verifier, so only a key whose secret is right is treated as exposed: a forged
    /// key id cannot get someone else's key revoked.
    /// </summary>
    private async Task<ExposureOutcome> CheckExposureAsync(HttpContext context)
    {
        var candidates = CollectCandidates(context.Request);
        var outcome = ExposureOutcome.None;
        foreach (var candidate in candidates)
        {
            if (ApiKeyParser.ParseAnyEnvironment(candidate, _prefix, out _) != ApiKeyParseStatus.Valid)
            {
                continue;
            }

            var verification = await _verifier.VerifyAsync(candidate, context.RequestAborted).ConfigureAwait(false);
            if (verification.Failure == ApiKeyFailureReason.StoreUnavailable)
            {
                TransportLog.KeyExposedUnchecked(_authenticationEvents);
                continue;
            }

            if (verification.Record is not { } record)
            {
                // Unknown id or wrong secret: nothing of anyone's is exposed, and nothing is said.
                continue;
            }

            if (!verification.Succeeded)
            {
                TransportLog.KeyExposedAlreadyUnusable(_authenticationEvents, record.Id, record.Name, ApiKeyFailureDescription.For(verification.Failure!.Value).Code);
                continue;
            }

            // Several keys in one request: report a revocation over a mere exposure.
            var result = await HandleExposedKeyAsync(record).ConfigureAwait(false);
            if (outcome.Kind != ExposureKind.Revoked)
            {
                outcome = result;
            }
        }

        return outcome;
    }

    private async Task<ExposureOutcome> HandleExposedKeyAsync(ApiKeyRecord record)
    {
        if (!_options.RevokeKeysSentOverHttp)
        {
            TransportLog.KeyExposedNotRevoked(_authenticationEvents, record.Id, record.Name);
            return new(ExposureKind.Exposed, record.Id);
        }

        try
        {
            // Not the request's token: a client hanging up must not stop the revocation.
            await _manager.RevokeAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
            TransportLog.KeyExposedAndRevoked(_authenticationEvents, record.Id, record.Name);
            return new(ExposureKind.Revoked, record.Id);
        }
        catch (Exception exception)
        {
            TransportLog.KeyExposedRevocationFailed(_authenticationEvents, record.Id, record.Name, exception);
            return new(ExposureKind.Exposed, record.Id);
        }
    }

    private List<string> CollectCandidates(HttpRequest request)
    {
        var candidates = new List<string>(2);
        foreach (var value in request.Headers.Authorization)
        {
            if (value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                Add(candidates, value[BearerPrefix.Length..]);
            }
        }

        if (_authentication.HeaderName is { } header)
        {
            foreach (var value in request.Headers[header])
            {
                Add(candidates, value);
            }
        }

        if (request.Query.TryGetValue(_authentication.QueryParameterName, out var fromQuery))
        {
            foreach (var value in fromQuery)
            {
                Add(candidates, value);
            }
        }

        return candidates;

        static void Add(List<string> candidates, string? value)
        {
            var trimmed = value?.Trim(' ');
            if (candidates.Count < MaxCandidates && !string.IsNullOrEmpty(trimmed) && trimmed.Length <= ApiKeyParser.MaxKeyLength && !candidates.Contains(trimmed))
            {
                candidates.Add(trimmed);
            }
        }
    }

    private Task ApplyHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;

        // RFC 6797 §7.2: never over plain HTTP, where an attacker could strip or forge it anyway.
        if (context.Request.IsHttps && _hsts is not null && !_hstsExcludedHosts.Contains(context.Request.Host.Host))
        {
            headers.StrictTransportSecurity = _hsts;
        }
        else
        {
            headers.Remove(HeaderNames.StrictTransportSecurity);
        }

        if (_options.NoSniff)
        {
            headers.XContentTypeOptions = "nosniff";
        }

        if (_options.NoStoreOnAuthenticatedResponses && CarriedCredentials(context))
        {
            headers.CacheControl = "no-store";
        }

        if (_options.RemoveServerHeader)
        {
            headers.Remove(HeaderNames.Server);
        }

        return Task.CompletedTask;
    }

    private bool CarriedCredentials(HttpContext context)
        => context.User.Identity?.IsAuthenticated == true
            || context.Request.Headers.Authorization.Count > 0
            || (_authentication.HeaderName is { } header && context.Request.Headers.ContainsKey(header))
            || context.Features.Get<IApiKeyAuthenticationFeature>() is not null;
}
