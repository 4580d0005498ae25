using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>Rampart beside ASP.NET Core Identity's API endpoints and their bearer tokens.</summary>
public class IdentityCompositionTests
{
    private static Task<RampartTestApp> StartAsync()
        => RampartTestApp.StartAsync(
            services: services =>
            {
                services.AddIdentityApiEndpoints<IdentityUser>();
                services.AddSingleton<IUserStore<IdentityUser>, InMemoryUserStore>(); // one store for the host's life
            },
            map: web =>
            {
                web.MapGroup("/identity").MapIdentityApi<IdentityUser>();
                web.MapGet("/rampart", () => "ok").RequireScopes("orders:read");
                web.MapGet("/authorize", () => "ok").RequireAuthorization();
                web.MapGet("/either", () => "ok").RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = $"Rampart,{IdentityConstants.BearerScheme}" });
            });

    private static async Task<string> SignInAsync(RampartTestApp app)
    {
        var account = new { email = "erin@example.com", password = "Str0ng!Passw0rd" };
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsJsonAsync("/identity/register", account)).StatusCode);
        var login = await app.Client.PostAsJsonAsync("/identity/login", account);
        Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Request(string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    [Fact]
    public async Task Identity_bearer_tokens_stay_Identity_s_and_keys_stay_Rampart_s()
    {
        await using var app = await StartAsync();
        var token = await SignInAsync(app);
        var key = (await app.CreateKeyAsync("orders:read")).Key;

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/authorize", token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/either", token))).StatusCode);

        // An Identity token is not a key: Rampart leaves it, and asks for a key.
        await Authentication.AuthenticationResponseTests.AssertProblemAsync(await app.Client.SendAsync(Request("/rampart", token)), 401, "missing_credentials");

        var keyed = await app.Client.SendAsync(Request("/either", key));
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.True(keyed.Headers.Contains("RateLimit"));

        // Identity's default scheme answers its [Authorize] endpoints, and the key is still counted.
        var identityOnly = await app.Client.SendAsync(Request("/authorize", key));
        Assert.Equal(HttpStatusCode.Unauthorized, identityOnly.StatusCode);
        Assert.True(identityOnly.Headers.Contains("RateLimit"));
    }

    [Fact]
    public async Task Without_credentials_an_either_scheme_endpoint_answers_one_composed_401()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(Request("/either", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Parameter?.Contains("realm=\"api\"", StringComparison.Ordinal) == true);
        await Authentication.AuthenticationResponseTests.AssertProblemAsync(response, 401, "missing_credentials");
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
