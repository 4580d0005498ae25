using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Authentication;

/// <summary>An app whose default scheme is another one still gets API-key checks where it asks for scopes.</summary>
public class OtherDefaultSchemeTests
{
    [Fact]
    public async Task RequireScopes_authenticates_with_Rampart_when_another_scheme_is_the_default()
    {
        await using var app = await RampartTestApp.StartAsync(services: services =>
            services.AddAuthentication(options => options.DefaultScheme = "Other")
                .AddScheme<AuthenticationSchemeOptions, NothingHandler>("Other", null));
        var created = await app.CreateKeyAsync("orders:read");

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", created.Key)).StatusCode);
        var refused = await app.GetAsync("/orders", key: null);
        await AuthenticationResponseTests.AssertProblemAsync(refused, 401, "missing_credentials");
        await AuthenticationResponseTests.AssertProblemAsync(await app.GetAsync("/orders", created.Key + "x"), 401, "malformed_key");
    }

    private sealed class NothingHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
