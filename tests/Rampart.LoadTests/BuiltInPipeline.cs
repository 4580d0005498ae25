using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpLogging;

namespace Rampart.LoadTests;

/// <summary>
/// What both built-ins configurations share, as a team would assemble it from ASP.NET Core: a scope
/// policy that also binds the request to the key's organisation, three chained per-key fixed windows,
/// <c>UseHttpLogging</c> and <c>UseHsts</c>. They differ only in how the API-key handler finds the key.
/// </summary>
internal static class BuiltInPipeline
{
    public const string Scheme = "ApiKey";
    public const string Policy = "orders:read";

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, OrganizationFromRouteHandler>();
        builder.Services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .RequireClaim("scope", "orders:read")
            .AddRequirements(new OrganizationFromRouteRequirement())));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerKey(TimeSpan.FromSeconds(10), 10_000_000),
                PerKey(TimeSpan.FromMinutes(1), 60_000_000),
                PerKey(TimeSpan.FromDays(1), 1_000_000_000));
        });
        builder.Services.AddHttpLogging(options => options.LoggingFields = HttpLoggingFields.RequestPropertiesAndHeaders | HttpLoggingFields.ResponsePropertiesAndHeaders);
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
            options.ExcludedHosts.Clear();
        });
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.UseHsts();
        app.UseHttpLogging();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public static ClaimsPrincipal Principal(string keyId, string name, string organization, string scopes)
        => new(new ClaimsIdentity(
            [new Claim("key_id", keyId), new Claim(ClaimTypes.Name, name), new Claim("org", organization), .. scopes.Split(' ').Select(s => new Claim("scope", s))],
            Scheme));

    private static PartitionedRateLimiter<HttpContext> PerKey(TimeSpan window, int limit)
        => PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.User.FindFirst("key_id")?.Value ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));

    /// <summary>The organisation in the route must be the key's: the tenant binding Rampart's <c>RequireOrganization</c> does.</summary>
    private sealed class OrganizationFromRouteRequirement : IAuthorizationRequirement;

    private sealed class OrganizationFromRouteHandler : AuthorizationHandler<OrganizationFromRouteRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationFromRouteRequirement requirement)
        {
            if (context.Resource is HttpContext http
                && http.Request.RouteValues.TryGetValue("org", out var named)
                && context.User.FindFirst("org")?.Value is { } organization
                && string.Equals(named as string, organization, StringComparison.Ordinal))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
