namespace Rampart.AspNetCore.Transport;

/// <summary>HTTPS-only transport, exposed-key revocation, forwarded headers and response headers (<c>Rampart:Transport</c>).</summary>
/// <remarks>
/// API requests over plain HTTP are refused, never redirected: a redirect teaches a client that
/// sending its key in clear works. See <c>docs/transport.md</c>.
/// </remarks>
public sealed class TransportOptions
{
    /// <summary>
    /// Path prefixes of API routes, e.g. <c>/api</c>. A request under one of them is refused over
    /// plain HTTP and never redirected. Empty (the default) or <c>/</c>: every route is an API route.
    /// </summary>
    public IList<string> ApiPaths { get; } = [];

    /// <summary>
    /// Whether plain-HTTP requests to routes outside <see cref="ApiPaths"/> are redirected to HTTPS
    /// (307, or 308 for methods other than GET and HEAD) instead of refused. Off by default.
    /// </summary>
    public bool RedirectNonApiRoutes { get; set; }

    /// <summary>The HTTPS port redirects point at; <see langword="null"/> (the default) means 443.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>
    /// Serves API routes over plain HTTP. Off by default; refused at start outside Development.
    /// Keys sent over plain HTTP are still treated as exposed.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Whether a key that verifies, seen on a plain-HTTP request, is revoked at once. On by default:
    /// the key travelled in clear and must be considered known to others.
    /// </summary>
    public bool RevokeKeysSentOverHttp { get; set; } = true;

    /// <summary>
    /// Addresses of TLS-terminating proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c>
    /// are believed, e.g. <c>10.0.0.5</c>. Empty by default: forwarded headers are ignored.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>. Empty by default.</summary>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary><c>Strict-Transport-Security</c> on HTTPS responses.</summary>
    public HstsHeaderOptions Hsts { get; } = new();

    /// <summary>Whether responses carry <c>X-Content-Type-Options: nosniff</c>. On by default.</summary>
    public bool NoSniff { get; set; } = true;

    /// <summary>
    /// Whether responses to requests that carried credentials or were authenticated get
    /// <c>Cache-Control: no-store</c>, replacing any other value. On by default.
    /// </summary>
    public bool NoStoreOnAuthenticatedResponses { get; set; } = true;

    /// <summary>Whether the <c>Server</c> header is removed (and Kestrel's is switched off). On by default.</summary>
    public bool RemoveServerHeader { get; set; } = true;
}

/// <summary>The <c>Strict-Transport-Security</c> header (<c>Rampart:Transport:Hsts</c>).</summary>
/// <remarks>
/// RFC 6797: sent on HTTPS responses only (§7.2), one header per response. The defaults follow
/// OWASP ASVS 5.0 3.4.1: one year and <c>includeSubDomains</c>.
/// </remarks>
public sealed class HstsHeaderOptions
{
    /// <summary>Whether the header is sent. On by default; off is refused at start outside Development.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>max-age</c>. Default: 365 days. Under a year is refused at start outside Development.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Whether <c>includeSubDomains</c> is sent. On by default.</summary>
    public bool IncludeSubDomains { get; set; } = true;

    /// <summary>
    /// Whether <c>preload</c> is sent. Off by default: preloading is hard to undo. When on, start-up
    /// checks the preload list's requirements (max-age of at least a year, <c>includeSubDomains</c>).
    /// </summary>
    public bool Preload { get; set; }

    /// <summary>Host names that never get the header (e.g. <c>localhost</c> during development). Empty by default.</summary>
    public IList<string> ExcludedHosts { get; } = [];
}
