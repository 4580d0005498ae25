using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>
/// The one-step path changes nothing a caller or the app can see: the same requests, sent to the same
/// app over the same key store with the path on and off, get the same status, headers (but Date), body,
/// user seen by the app's own middleware and by the endpoint, and authentication result.
/// </summary>
public sealed partial class OneStepDifferentialTests : IDisposable
{
    private const string Scoped = "/organizations/{org}/orders";
    private readonly TempFolder _folder = new();
    private readonly TestJwt _jwt = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Rampart_alone_answers_every_request_as_the_framework_does_and_serves_accepted_keys_in_one_step()
    {
        var keys = await CreateKeysAsync();
        var requests = RequestsFor(keys, jwt: null);

        var (off, offMeasured) = await RunAsync(oneStep: false, beside: false, requests);
        var (on, onMeasured) = await RunAsync(oneStep: true, beside: false, requests);

        AssertSame(requests, off, on);

        // Proof the path was taken: the framework's authentication middleware measures every request
        // it authenticates; with the path on, the accepted keys' requests never reach it.
        // [AllowAnonymous] and the app's own policy are the framework's even for accepted keys.
        var accepted = off.Where((a, i) => a.Status == 200
            && a.User.Contains(RampartClaimTypes.KeyId, StringComparison.Ordinal)
            && requests[i].Path is not ("/anonymous" or "/custom")).Count();
        Assert.True(accepted >= 5, $"only {accepted} requests were accepted with a key");
        Assert.Equal(offMeasured - accepted, onMeasured);
    }

    [Fact]
    public async Task Beside_jwt_bearer_every_request_goes_through_the_framework_and_answers_the_same()
    {
        var keys = await CreateKeysAsync();
        var requests = RequestsFor(keys, jwt: _jwt.Issue());

        var (off, offMeasured) = await RunAsync(oneStep: false, beside: true, requests);
        var (on, onMeasured) = await RunAsync(oneStep: true, beside: true, requests);

        AssertSame(requests, off, on);
        Assert.Equal(offMeasured, onMeasured);
    }

    private static void AssertSame(IReadOnlyList<Probe> requests, IReadOnlyList<Answer> off, IReadOnlyList<Answer> on)
    {
        Assert.Equal(off.Count, on.Count);
        for (var i = 0; i < off.Count; i++)
        {
            var what = $"{requests[i].Name} {requests[i].Path}";
            Assert.True(off[i].Status == on[i].Status, $"{what}: status {off[i].Status} off, {on[i].Status} on");
            Assert.True(off[i].Headers == on[i].Headers, $"{what}: headers differ\noff: {off[i].Headers}\non:  {on[i].Headers}");
            Assert.True(off[i].Body == on[i].Body, $"{what}: body differs\noff: {off[i].Body}\non:  {on[i].Body}");
            Assert.True(off[i].User == on[i].User, $"{what}: user differs\noff: {off[i].User}\non:  {on[i].User}");
        }

        // The matrix is not all one answer.
        Assert.Contains(off, a => a.Status == 200);
        Assert.Contains(off, a => a.Status == 401);
        Assert.Contains(off, a => a.Status == 403);
    }

    private async Task<Keys> CreateKeysAsync()
    {
        await using var host = await StartAsync(oneStep: false, beside: false);
        var reader = await host.CreateKeyInAsync("org-a", ["orders:read"], name: "reader");
        var writer = await host.CreateKeyInAsync("org-a", ["orders:write"], name: "writer");
        var other = await host.CreateKeyInAsync("org-b", ["orders:read"], name: "other org");
        var revoked = await host.CreateKeyInAsync("org-a", ["orders:read"], name: "revoked");
        await host.Keys.RevokeAsync(revoked.Record.Id);
        return new Keys(reader.Key, writer.Key, other.Key, revoked.Key);
    }

    private static List<Probe> RequestsFor(Keys keys, string? jwt)
    {
        var credentials = new List<(string Name, string? Bearer)>
        {
            ("valid key", keys.Reader),
            ("wrong scope", keys.Writer),
            ("other organisation", keys.OtherOrganization),
            ("revoked", keys.Revoked),
            ("malformed", "acme_live_not-a-key"),
            ("no credentials", null),
        };
        if (jwt is not null)
        {
            credentials.Add(("jwt", jwt));
        }

        string[] paths = ["/organizations/org-a/orders", "/organizations/org-b/orders", "/fallback", "/authorize", "/anonymous", "/custom", "/scoped-only"];
        return [.. from path in paths from credential in credentials select new Probe(credential.Name, path, credential.Bearer)];
    }

    private async Task<(List<Answer> Answers, long Measured)> RunAsync(bool oneStep, bool beside, IReadOnlyList<Probe> requests)
    {
        await using var host = await StartAsync(oneStep, beside);
        using var authentications = new MetricCollector<double>(
            host.App.Services.GetRequiredService<IMeterFactory>(), "Microsoft.AspNetCore.Authentication", "aspnetcore.authentication.authenticate.duration");
        var answers = new List<Answer>();
        foreach (var probe in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, probe.Path);
            if (probe.Bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", probe.Bearer);
            }

            using var response = await host.Client.SendAsync(request);
            var headers = string.Join(
                "\n",
                response.Headers.Concat(response.Content.Headers)
                    .Where(h => !string.Equals(h.Key, "Date", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
            var body = TraceIds().Replace(await response.Content.ReadAsStringAsync(), "(trace)");
            var seen = response.Headers.TryGetValues("X-Seen-User", out var values) ? string.Join(",", values) : "(none)";
            answers.Add(new Answer((int)response.StatusCode, TraceIds().Replace(headers, "(trace)"), body, seen));
        }

        // Switched on, the path says at start when the app's set-up keeps it off.
        var keptOff = host.Logs.GetSnapshot().Where(r => r.Id.Id == 1009).Select(r => r.Message).ToList();
        if (oneStep && beside)
        {
            Assert.Contains("another authentication scheme is registered", Assert.Single(keptOff), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(keptOff.Count == 0, string.Join("\n", keptOff));
        }

        return (answers, authentications.GetMeasurementSnapshot().Count);
    }

    private Task<RampartTestHost> StartAsync(bool oneStep, bool beside)
        => RampartTestHost.StartAsync(new RampartTestHostOptions
        {
            KeyStore = TestKeyStore.TempSqlite,
            Configure = options =>
            {
                options.Store.Sqlite.Path = _folder.File("keys.db");
                options.Authentication.OneStep = oneStep;
            },
            Services = services =>
            {
                if (beside)
                {
                    _jwt.AddTo(services.AddAuthentication());
                }

                services.AddAuthorization(authorization => authorization.AddPolicy("tiered", policy => policy.RequireClaim(RampartClaimTypes.Scope, "orders:read")));
            },
            Map = web =>
            {
                // The app's own middleware, after Rampart's: what it sees of the user goes out in a header.
                web.Use((context, next) =>
                {
                    context.Response.Headers["X-Seen-User"] = Describe(context.User);
                    return next(context);
                });
                web.MapGet(Scoped, Report).RequireScopes("orders:read").RequireOrganization(fromRoute: "org");
                web.MapGet("/scoped-only", Report).RequireScopes("orders:read");
                web.MapGet("/fallback", Report);
                web.MapGet("/authorize", Report).RequireAuthorization();
                web.MapGet("/anonymous", Report).AllowAnonymous();
                web.MapGet("/custom", Report).RequireAuthorization("tiered");
            },
        });

    private static IResult Report(HttpContext context)
    {
        var result = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        return Results.Ok(new
        {
            user = Describe(context.User),
            http = Describe(context.Features.Get<IHttpAuthenticationFeature>()?.User),
            result = result is null ? null : new { result.Succeeded, result.Ticket?.AuthenticationScheme, samePrincipal = ReferenceEquals(result.Principal, context.User) },
            original = context.Features.Get<IAuthenticationFeature>() is { } original ? $"{original.OriginalPathBase}{original.OriginalPath}" : null,
            key = context.GetRampartKey() is { } key ? $"{key.Organization}/{key.Name}" : null,
        });
    }

    private static string Describe(ClaimsPrincipal? user)
        => user is null
            ? "(null)"
            : string.Join(
                " | ",
                user.Identities.Select(identity => $"{identity.AuthenticationType}:{identity.IsAuthenticated}:{identity.Name}:"
                    + string.Join(";", identity.Claims.Select(c => $"{c.Type}={c.Value}"))));

    // Each request has its own trace; problem bodies carry it.
    [GeneratedRegex("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]")]
    private static partial Regex TraceIds();

    private sealed record Keys(string Reader, string Writer, string OtherOrganization, string Revoked);

    private sealed record Probe(string Name, string Path, string? Bearer);

    private sealed record Answer(int Status, string Headers, string Body, string User);
}
