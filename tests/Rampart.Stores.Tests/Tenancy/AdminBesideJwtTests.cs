using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Authentication;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>
/// The admin and audit endpoints in an app that also authenticates JWTs (the real JWT bearer
/// handler), as its default scheme and beside another default: a JWT, even a validly signed one whose
/// claims copy a Rampart operator key's, never carries admin authority, and the two organisations
/// stay apart exactly as without JWT.
/// </summary>
public class AdminBesideJwtTests
{
    public enum JwtSetup
    {
        /// <summary><c>AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer()</c>.</summary>
        Default,

        /// <summary><c>AddAuthentication().AddJwtBearer()</c>: the only other scheme, so ASP.NET Core makes it the default.</summary>
        OnlyOtherScheme,

        /// <summary><c>AddAuthentication(Cookies).AddCookie().AddJwtBearer()</c>: JWT registered, not the default.</summary>
        NotDefault,
    }

    private static void AddJwt(IServiceCollection services, TestJwt jwt, JwtSetup setup)
    {
        switch (setup)
        {
            case JwtSetup.Default:
                jwt.AddTo(services.AddAuthentication(TestJwt.Scheme));
                break;
            case JwtSetup.OnlyOtherScheme:
                jwt.AddTo(services.AddAuthentication());
                break;
            case JwtSetup.NotDefault:
                jwt.AddTo(services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie());
                break;
        }
    }

    [Theory]
    [InlineData(JwtSetup.Default)]
    [InlineData(JwtSetup.OnlyOtherScheme)]
    [InlineData(JwtSetup.NotDefault)]
    public async Task A_JWT_never_grants_admin_authority_and_the_organisations_stay_apart(JwtSetup setup)
    {
        var jwt = new TestJwt();
        await using var app = await StoresTestApp.StartAsync(services: services => AddJwt(services, jwt, setup), audit: true);
        var staff = await app.CreateKeyInAsync("provider", "rampart:admin", "rampart:operator", "orders:*");
        var acmeAdmin = await app.CreateKeyInAsync("acme", "rampart:admin", "orders:*");
        var globexAdmin = await app.CreateKeyInAsync("globex", "rampart:admin", "orders:*");
        var globexReader = await app.CreateKeyInAsync("globex", "orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", globexReader.Key)).StatusCode);

        // Signed by the issuer the app trusts, with every claim a Rampart operator key would carry.
        var impostor = jwt.Issue(
            "mallory",
            new Claim(RampartClaimTypes.Scope, "rampart:admin rampart:operator orders:*"),
            new Claim(RampartClaimTypes.Organization, "acme"),
            new Claim(RampartClaimTypes.KeyId, staff.Record.Id),
            new Claim(RampartClaimTypes.KeyName, staff.Record.Name),
            new Claim(RampartClaimTypes.Role, "admin"));
        var before = JsonSerializer.Serialize(await app.Keys.GetAsync(globexReader.Record.Id));

        foreach (var (method, path, body) in AdminCalls(globexReader.Record.Id))
        {
            var response = await SendAsync(app, method, path, body, bearer: [impostor]);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a JWT: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains(response.Headers.WwwAuthenticate, c => c.Parameter?.Contains("realm=\"api\"", StringComparison.Ordinal) == true);
            Assert.Equal("missing_credentials", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());

            // A JWT beside an organisation administrator's key adds nothing: two credentials are refused.
            var both = await SendAsync(app, method, path, body, bearer: [acmeAdmin.Key, impostor]);
            await Problems.AssertProblemAsync(both, HttpStatusCode.BadRequest, "multiple_credentials");
        }

        // Nothing changed and no key was made.
        Assert.Equal(before, JsonSerializer.Serialize(await app.Keys.GetAsync(globexReader.Record.Id)));
        Assert.Equal(4, (await app.Keys.ListAsync(new() { PageSize = 100 })).Items.Count);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", globexReader.Key)).StatusCode);

        // With JWT in the app, each organisation's administrator still sees and touches only its own.
        var acmeList = await ItemsAsync(app, "/admin/keys?pageSize=500", acmeAdmin.Key);
        Assert.Equal([acmeAdmin.Record.Id], acmeList.Select(i => i.GetProperty("id").GetString()));
        await Problems.AssertProblemAsync(await app.GetAsync($"/admin/keys/{globexReader.Record.Id}", acmeAdmin.Key), HttpStatusCode.NotFound, "key_not_found");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, $"/admin/keys/{globexReader.Record.Id}/revoke", acmeAdmin.Key), HttpStatusCode.NotFound, "key_not_found");
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit?organization=globex", acmeAdmin.Key), HttpStatusCode.Forbidden, "operator_required");
        Assert.Equal(
            new[] { globexAdmin.Record.Id, globexReader.Record.Id }.Order(StringComparer.Ordinal),
            (await ItemsAsync(app, "/admin/keys?pageSize=500", globexAdmin.Key)).Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal));

        Assert.True(await app.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        var acmeAudit = await ItemsAsync(app, "/admin/audit?pageSize=500", acmeAdmin.Key);
        Assert.NotEmpty(acmeAudit);
        Assert.All(acmeAudit, r => Assert.Equal("acme", r.GetProperty("organization").GetString()));

        // The impostor's requests are the operator's to see, as unauthenticated ones, never as the key it named.
        var refusedRecords = (await ItemsAsync(app, "/admin/audit?pageSize=500", staff.Key)).Where(r => r.GetProperty("statusCode").GetInt32() == 401).ToList();
        Assert.NotEmpty(refusedRecords);
        Assert.All(refusedRecords, r => Assert.False(r.TryGetProperty("keyId", out var id) && id.ValueKind == JsonValueKind.String, r.ToString()));
        Assert.All(refusedRecords, r => Assert.False(r.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.String, r.ToString()));
    }

    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> AdminCalls(string foreignId) =>
    [
        (HttpMethod.Get, "/admin/keys", null),
        (HttpMethod.Get, "/admin/keys?organization=globex", null),
        (HttpMethod.Get, $"/admin/keys/{foreignId}", null),
        (HttpMethod.Post, "/admin/keys", """{"name":"planted","scopes":["orders:read"],"organization":"globex"}"""),
        (HttpMethod.Patch, $"/admin/keys/{foreignId}", """{"name":"mine now"}"""),
        (HttpMethod.Post, $"/admin/keys/{foreignId}/revoke", null),
        (HttpMethod.Post, $"/admin/keys/{foreignId}/rotate", null),
        (HttpMethod.Get, "/admin/audit", null),
        (HttpMethod.Get, "/admin/audit?organization=globex", null),
    ];

    private static Task<HttpResponseMessage> SendAsync(StoresTestApp app, HttpMethod method, string path, string? body, string[] bearer)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", bearer.Select(b => "Bearer " + b));
        if (body is not null)
        {
            request.Content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        }

        return app.Client.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ItemsAsync(StoresTestApp app, string path, string key)
    {
        var response = await app.GetAsync(path, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
    }
}
