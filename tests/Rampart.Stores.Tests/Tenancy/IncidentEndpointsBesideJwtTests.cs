using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Authentication;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>
/// Usage, data-subject and leak-report endpoints in an app whose default scheme is the real JWT bearer handler:
/// Rampart keys with the right authority work, a validly signed JWT (even one copying an operator key's claims)
/// gets no Rampart authority, no credentials give one 401 problem, and the leak endpoint, authenticated by its
/// signature, works and is never challenged.
/// </summary>
public sealed class IncidentEndpointsBesideJwtTests : IAsyncLifetime
{
    private readonly TestJwt _jwt = new();
    private readonly LeakReportSender _sender = new();
    private readonly TempFolder _audit = new();
    private RampartTestHost _app = null!;

    public async Task InitializeAsync()
        => _app = await RampartTestHost.StartAsync(new RampartTestHostOptions
        {
            KeyStore = TestKeyStore.TempSqlite,
            Configure = options =>
            {
                options.Logging.Store.ConnectionString = $"Data Source={_audit.File("audit.db")}";
                options.Incidents.LeakReports.PublicKeys[_sender.KeyId] = _sender.PublicKeyPem;
            },
            Services = services => _jwt.AddTo(services.AddAuthentication(TestJwt.Scheme)),
            Map = app =>
            {
                app.MapRampartAudit("/admin/audit");
                app.MapRampartDataSubjects("/admin/subjects");
                app.MapRampartLeakReports("/rampart/leaks");
            },
        });

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _sender.Dispose();
        _audit.Dispose();
    }

    [Fact]
    public async Task Keys_with_authority_work_a_JWT_gets_none_and_no_credentials_is_one_401()
    {
        var staff = await _app.CreateKeyInAsync("provider", ["rampart:admin", "rampart:operator"], name: "staff");
        var acmeAdmin = await _app.CreateKeyInAsync("acme", ["rampart:admin"], name: "acme admin");
        var globex = await _app.CreateKeyInAsync("globex", ["orders:read"], name: "globex key", owner: "u-globex");

        // Rampart keys, as without JWT: the operator exports, an organisation administrator reads only its own usage.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/admin/audit/usage", null, staff.Key)).StatusCode);
        var usage = await SendAsync(HttpMethod.Get, "/admin/audit/usage?organization=globex", null, acmeAdmin.Key);
        Assert.Equal("operator_required", await CodeAsync(usage, HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/admin/audit/usage", null, acmeAdmin.Key)).StatusCode);
        var export = await SendAsync(HttpMethod.Post, "/admin/subjects/export", """{"owner":"u-globex"}""", staff.Key);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains(globex.Record.Id, await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("operator_required", await CodeAsync(await SendAsync(HttpMethod.Post, "/admin/subjects/export", """{"owner":"u-globex"}""", acmeAdmin.Key), HttpStatusCode.Forbidden));

        // A JWT the app trusts, carrying every claim the operator key would: no Rampart authority anywhere.
        var impostor = _jwt.Issue(
            "mallory",
            new Claim(RampartClaimTypes.Scope, "rampart:admin rampart:operator"),
            new Claim(RampartClaimTypes.Organization, "provider"),
            new Claim(RampartClaimTypes.KeyId, staff.Record.Id));
        foreach (var (method, path, body) in Calls())
        {
            foreach (var credential in new[] { impostor, null })
            {
                var response = await SendAsync(method, path, body, credential);
                Assert.Equal("missing_credentials", await CodeAsync(response, HttpStatusCode.Unauthorized));
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains(response.Headers.WwwAuthenticate, c => c.Parameter?.Contains("realm=\"api\"", StringComparison.Ordinal) == true);
            }
        }

        // Nothing was erased: the key is as it was.
        var after = (await _app.Keys.GetAsync(globex.Record.Id))!;
        Assert.Null(after.RevokedAt);
        Assert.Equal("u-globex", after.Owner);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_leak_endpoint_works_with_JWT_as_default_and_is_not_challenged(bool withBrokenJwt)
    {
        var leaked = await _app.CreateKeyInAsync("acme", ["orders:read"], name: "leaked");
        var request = _sender.Request(LeakReportSender.Report(leaked.Key));
        if (withBrokenJwt)
        {
            // A scanner never sends one, but a proxy might add a stale token: the signature still decides.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.broken");
        }

        var response = await _app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal("true_positive", Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray()).GetProperty("label").GetString());
        Assert.NotNull((await _app.Keys.GetAsync(leaked.Record.Id))!.RevokedAt);

        // A badly signed report is refused by the signature, not by a challenge.
        var forged = _sender.Request(LeakReportSender.Report(leaked.Key), signature: Convert.ToBase64String(new byte[70]));
        var refused = await _app.Client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(refused.Headers.WwwAuthenticate);
    }

    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> Calls() =>
    [
        (HttpMethod.Get, "/admin/audit/usage", null),
        (HttpMethod.Get, "/admin/audit/usage?organization=globex", null),
        (HttpMethod.Post, "/admin/subjects/export", """{"owner":"u-globex"}"""),
        (HttpMethod.Post, "/admin/subjects/erase", """{"owner":"u-globex","confirm":true}"""),
    ];

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? bearer)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        }

        return _app.Client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString();
    }
}
