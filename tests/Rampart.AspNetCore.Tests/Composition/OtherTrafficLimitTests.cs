using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.RateLimiting;
using static Rampart.AspNetCore.Tests.Composition.SchemeSetup;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>One limiter for the whole app: other schemes' principals and anonymous callers, with the same windows and headers.</summary>
public class OtherTrafficLimitTests
{
    private static void LimitOthers(RampartOptions options)
    {
        options.RateLimits.Principals.Windows["minute"] = new RateLimitWindowOptions { Limit = 3, Window = TimeSpan.FromMinutes(1) };
        options.RateLimits.Anonymous.Windows["minute"] = new RateLimitWindowOptions { Limit = 2, Window = TimeSpan.FromMinutes(1) };
    }

    [Theory]
    [InlineData(Setup.JwtDefault, Authorized)]
    [InlineData(Setup.NoDefault, EitherScheme)]
    [InlineData(Setup.JwtDefault, Unannotated)]
    public async Task A_JWT_subject_is_limited_by_its_own_counter(Setup setup, string endpoint)
    {
        var (app, key, jwt) = await SchemeSetup.StartAsync(setup, configure: LimitOthers);
        await using var _ = app;

        for (var i = 1; i <= 3; i++)
        {
            var admitted = await app.Client.SendAsync(Request(endpoint, Credential.Jwt, key, jwt));
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            Assert.Equal("\"user.minute\";q=3;w=60", Assert.Single(admitted.Headers.GetValues("RateLimit-Policy")));
            Assert.StartsWith($"\"user.minute\";r={3 - i};t=", Assert.Single(admitted.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        var refused = await app.Client.SendAsync(Request(endpoint, Credential.Jwt, key, jwt));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("principal", problem.GetProperty("violated_policies")[0].GetProperty("scope").GetString());

        // The key keeps its own limits.
        var keyed = await app.Client.SendAsync(Request(EitherScheme, Credential.Key, key, jwt));
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.StartsWith("\"burst\";", Assert.Single(keyed.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Principals_of_a_scheme_that_is_not_the_default_are_limited_when_the_scheme_is_named()
    {
        var jwt = new TestJwt();
        await using var app = await Infrastructure.RampartTestApp.StartAsync(
            configure: options =>
            {
                LimitOthers(options);
                options.RateLimits.Principals.Scheme = TestJwt.Scheme;
            },
            services: services => jwt.AddTo(services.AddAuthentication().AddCookie()),
            map: web => web.MapGet("/either", () => "ok").RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = $"Rampart,{TestJwt.Scheme}" }));
        var token = jwt.Issue("carol");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/either", Credential.Jwt, "unused", token))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.Client.SendAsync(Request("/either", Credential.Jwt, "unused", token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/either", Credential.Jwt, "unused", jwt.Issue("dave")))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_client_network()
    {
        var (app, key, jwt) = await SchemeSetup.StartAsync(Setup.JwtDefault, configure: LimitOthers);
        await using var _ = app;

        for (var i = 1; i <= 2; i++)
        {
            var admitted = await app.Client.SendAsync(Request(Unannotated, Credential.None, key, jwt));
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            Assert.StartsWith($"\"anon.minute\";r={2 - i};t=", Assert.Single(admitted.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        var refused = await app.Client.SendAsync(Request(Unannotated, Credential.None, key, jwt));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("\"anon.minute\";q=2;w=60", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));

        // Authenticated callers do not share the anonymous counter.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request(Unannotated, Credential.Key, key, jwt))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request(Unannotated, Credential.Jwt, key, jwt))).StatusCode);
    }
}
