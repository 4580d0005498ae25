using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>Rampart beside cookie authentication: the cookie app keeps its sign-in and redirects.</summary>
public class CookieCompositionTests
{
    private static Task<RampartTestApp> StartAsync()
        => RampartTestApp.StartAsync(
            services: services => services.AddAuthentication().AddCookie(),
            map: web =>
            {
                web.MapPost("/login", (HttpContext context) => context.SignInAsync(
                    CookieAuthenticationDefaults.AuthenticationScheme,
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bob")], CookieAuthenticationDefaults.AuthenticationScheme))));
                web.MapGet("/rampart", () => "ok").RequireScopes("orders:read");
                web.MapGet("/authorize", (ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)).RequireAuthorization();
                web.MapGet("/either", () => "ok").RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = $"Rampart,{CookieAuthenticationDefaults.AuthenticationScheme}" });
                web.MapGet("/open", () => "ok");
            });

    private static async Task<string> SignInAsync(RampartTestApp app)
    {
        var response = await app.Client.PostAsync("/login", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static HttpRequestMessage Request(string path, string? cookie = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    [Fact]
    public async Task Signed_in_users_keep_their_endpoints_and_keys_keep_theirs()
    {
        await using var app = await StartAsync();
        var cookie = await SignInAsync(app);
        var key = (await app.CreateKeyAsync("orders:read")).Key;

        var authorized = await app.Client.SendAsync(Request("/authorize", cookie));
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal("bob", await authorized.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/either", cookie))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/open"))).StatusCode);

        // A cookie is not a key.
        await Authentication.AuthenticationResponseTests.AssertProblemAsync(await app.Client.SendAsync(Request("/rampart", cookie)), 401, "missing_credentials");

        var keyed = await app.Client.SendAsync(Request("/either", key: key));
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.True(keyed.Headers.Contains("RateLimit"));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/rampart", key: key))).StatusCode);
    }

    [Fact]
    public async Task Without_credentials_the_cookie_scheme_still_redirects_to_its_login_page()
    {
        await using var app = await StartAsync();

        foreach (var path in new[] { "/authorize", "/either" })
        {
            var response = await app.Client.SendAsync(Request(path));

            // The redirect the cookie app had before Rampart, not a 401 problem and no exception.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
            Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
