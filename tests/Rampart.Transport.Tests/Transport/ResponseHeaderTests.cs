using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public class ResponseHeaderTests
{
    public static TheoryData<string, string, string?> HstsMatrix() => new()
    {
        // options, url, expected Strict-Transport-Security (null: absent)
        { "default", "https://api.example.com/public", "max-age=31536000; includeSubDomains" },
        { "default", "https://localhost/public", "max-age=31536000; includeSubDomains" },
        { "default", "https://127.0.0.1:5001/public", "max-age=31536000; includeSubDomains" },
        { "default", "https://api.example.com/cached", "max-age=31536000; includeSubDomains" },
        { "default", "https://api.example.com/missing", "max-age=31536000; includeSubDomains" },
        { "default", "http://api.example.com/public", null },
        { "preload", "https://api.example.com/public", "max-age=31536000; includeSubDomains; preload" },
        { "two-years", "https://api.example.com/public", "max-age=63072000; includeSubDomains" },
        { "no-subdomains", "https://api.example.com/public", "max-age=31536000" },
        { "exclude-localhost", "https://localhost/public", null },
        { "exclude-localhost", "https://LOCALHOST:5001/public", null },
        { "exclude-localhost", "https://api.example.com/public", "max-age=31536000; includeSubDomains" },
        { "disabled", "https://api.example.com/public", null },
        { "allow-http", "http://localhost/public", null },
        { "allow-http", "http://localhost/cached", null },
    };

    private static void Configure(string name, RampartOptions options)
    {
        var hsts = options.Transport.Hsts;
        switch (name)
        {
            case "preload": hsts.Preload = true; break;
            case "two-years": hsts.MaxAge = TimeSpan.FromDays(730); break;
            case "no-subdomains": hsts.IncludeSubDomains = false; break;
            case "exclude-localhost": hsts.ExcludedHosts.Add("localhost"); break;
            case "disabled": hsts.Enabled = false; break;
            case "allow-http": options.Transport.AllowHttp = true; break;
        }
    }

    [Theory]
    [MemberData(nameof(HstsMatrix))]
    public async Task Hsts_is_one_header_on_https_responses_only(string options, string url, string? expected)
    {
        var development = options is "disabled" or "allow-http";
        await using var app = await TransportTestApp.StartAsync(o => Configure(options, o), environment: development ? "Development" : "Production");

        var context = await app.SendAsync(url);

        var values = context.Response.Headers.StrictTransportSecurity;
        if (expected is null)
        {
            Assert.Equal(0, values.Count);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(values));
        }

        Assert.Equal("nosniff", Assert.Single(context.Response.Headers.XContentTypeOptions));
        Assert.False(context.Response.Headers.ContainsKey("Server"));
    }

    [Fact]
    public async Task Authenticated_responses_get_no_store_and_anonymous_ones_keep_their_cache_control()
    {
        await using var app = await TransportTestApp.StartAsync();
        var created = await app.CreateKeyAsync();

        var authenticated = await app.SendAsync("https://api.example.com/cached", bearer: created.Key);
        var anonymous = await app.SendAsync("https://api.example.com/cached");
        var challenged = await app.SendAsync("https://api.example.com/orders", bearer: "not-a-key");

        Assert.Equal(StatusCodes.Status200OK, authenticated.Response.StatusCode);
        Assert.Equal("no-store", authenticated.Response.Headers.CacheControl.ToString());
        Assert.Equal("public, max-age=600", anonymous.Response.Headers.CacheControl.ToString());
        Assert.Equal("no-store", challenged.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task Headers_can_be_switched_off_one_by_one()
    {
        await using var app = await TransportTestApp.StartAsync(o =>
        {
            o.Transport.NoSniff = false;
            o.Transport.NoStoreOnAuthenticatedResponses = false;
            o.Transport.RemoveServerHeader = false;
        });
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("https://api.example.com/cached", bearer: created.Key);

        Assert.False(context.Response.Headers.ContainsKey("X-Content-Type-Options"));
        Assert.Equal("public, max-age=600", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("Kestrel/appsays", context.Response.Headers.Server.ToString());
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    public async Task Problem_bodies_carry_exception_details_in_development_only_and_secrets_never(string environment, bool detailsShown)
    {
        await using var app = await TransportTestApp.StartAsync(
            builderSetup: b => b.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            {
                if (c.Exception is { } exception)
                {
                    c.ProblemDetails.Detail = exception.Message;
                    c.ProblemDetails.Extensions["exception"] = exception.ToString();
                    c.ProblemDetails.Extensions["reason"] = "failed: " + exception.Message;
                }
            }),
            beforeRampart: a => a.UseExceptionHandler(),
            map: a => a.MapGet("/boom", string () => throw new InvalidOperationException("connection string Password=hunter2")).AllowAnonymous(),
            environment: environment);

        var context = await app.SendAsync("https://api.example.com/boom", headers: [new("Accept", "application/json")]);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        var text = TransportTestApp.ReadText(context);
        // Development shows the exception, but a secret in it is masked there too.
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Equal(detailsShown, text.Contains("InvalidOperationException", StringComparison.Ordinal));
        Assert.Equal(detailsShown, text.Contains("\"exception\"", StringComparison.Ordinal));
        Assert.Contains("\"status\":500", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_options_lose_the_server_header()
    {
        await using var app = await TransportTestApp.StartAsync();
        var kestrel = app.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
        Assert.False(kestrel.AddServerHeader);
    }
}
