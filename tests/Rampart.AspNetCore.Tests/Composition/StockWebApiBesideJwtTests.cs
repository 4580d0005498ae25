using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>
/// The reported set-up, assembled as a stock <c>dotnet new webapi</c> project that already uses JWT
/// bearer (the real handler, tokens signed in the test) and then adds Rampart as the README says:
/// a burst of 60 keyed requests against 50 per 10 s is limited, a key-or-JWT route without
/// credentials gives one clean 401 with both challenges, and the app's JWT endpoints work as before.
/// </summary>
public sealed class StockWebApiBesideJwtTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Keys_are_limited_challenges_compose_and_JWT_endpoints_keep_working(bool jwtNamedAsDefault)
    {
        var jwt = new TestJwt();
        await using var app = await StartStockWebApiAsync(jwt, jwtNamedAsDefault);
        var created = await app.Services.GetRequiredService<IApiKeyManager>().CreateAsync(new ApiKeyCreateRequest
        {
            Name = "integration",
            Owner = "ops",
            Organization = "acme",
            Scopes = ["weather:read"],
        });
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("https://localhost/");

        // 60 requests in quick succession (all at once) with one key: exactly the burst is admitted.
        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => client.SendAsync(Get("/api/reports", created.Key))));
        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.All(responses, r => Assert.StartsWith("\"burst\";q=50;w=10", Assert.Single(r.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal));
        Assert.All(responses, r => Assert.Matches("^\"burst\";r=\\d+;t=\\d+$", Assert.Single(r.Headers.GetValues("RateLimit"))));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests))
        {
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.StartsWith("\"burst\";r=0;", Assert.Single(refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
            Assert.Equal("rate_limited", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        // The same key on the app's own [Authorize] endpoint is still counted (and so refused now).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Get("/weatherforecast", created.Key))).StatusCode);

        // Either scheme, no credentials: one 401 with Rampart's and the JWT handler's challenges and one problem body.
        var anonymous = await client.SendAsync(Get("/api/either", credential: null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var challenges = anonymous.Headers.WwwAuthenticate.ToList();
        Assert.Equal(2, challenges.Count);
        Assert.All(challenges, c => Assert.Equal("Bearer", c.Scheme));
        Assert.Single(challenges, c => c.Parameter?.Contains("realm=\"api\"", StringComparison.Ordinal) == true);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("missing_credentials", problem.GetProperty("code").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());

        // The app's [Authorize] endpoints accept valid JWTs as before Rampart, beyond the key's burst.
        var token = jwt.Issue("dana");
        for (var i = 0; i < 55; i++)
        {
            var forecast = await client.SendAsync(Get("/weatherforecast", token));
            Assert.Equal(HttpStatusCode.OK, forecast.StatusCode);
            Assert.False(forecast.Headers.Contains("RateLimit-Policy"));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/api/either", token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get("/weatherforecast", new TestJwt().Issue("eve")))).StatusCode);

        // Nothing threw: no "response has already started", no error logged by anyone.
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Error || r.Exception is InvalidOperationException);
    }

    /// <summary>The stock template's Program.cs with JWT bearer, then the README's Rampart lines.</summary>
    private static async Task<WebApplication> StartStockWebApiAsync(TestJwt jwt, bool jwtNamedAsDefault)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Keys:Peppers:1"] = TestPeppers.Version1,
            ["Rampart:Store:Provider"] = "InMemory",
            ["Rampart:RateLimits:Tiers:default:Windows:burst:Limit"] = "50",
            ["Rampart:RateLimits:Tiers:default:Windows:burst:Window"] = "00:00:10",
        });

        // One fixed instant, so the 60 requests cannot straddle a window boundary on a slow machine.
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(RampartTestHost.Start));

        // What the app had before Rampart.
        builder.Services.AddOpenApi();
        jwt.AddTo(jwtNamedAsDefault ? builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme) : builder.Services.AddAuthentication());
        builder.Services.AddAuthorization();

        // What the README adds.
        builder.Services.AddRampart();

        var app = builder.Build();
        app.UseRampart();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();

        string[] summaries = ["Freezing", "Bracing", "Chilly", "Cool", "Mild", "Warm", "Balmy", "Hot", "Sweltering", "Scorching"];
        app.MapGet("/weatherforecast", () => Enumerable.Range(1, 5).Select(index => new { Date = DateOnly.FromDayNumber(739_000 + index), TemperatureC = 20 + index, Summary = summaries[index] }))
            .WithName("GetWeatherForecast")
            .RequireAuthorization();
        app.MapGet("/api/reports", () => "reports").RequireScopes("weather:read");
        app.MapGet("/api/either", () => "either").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{Rampart.AspNetCore.Authentication.RampartDefaults.AuthenticationScheme},{JwtBearerDefaults.AuthenticationScheme}",
        });

        await app.StartAsync();
        return app;
    }

    private static HttpRequestMessage Get(string path, string? credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return request;
    }
}
