using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Management;

/// <summary>
/// What key management accepts: names without characters that hide or reorder text, bodies without
/// repeated members; a repeated scope is granted once. Refusals are 400 problems and change nothing
/// in either organisation.
/// </summary>
public class ApiKeyInputHygieneTests
{
    public static TheoryData<string> UnsafeNames() =>
    [
        "invoice\u202Etxt.exe", // right-to-left override
        "left\u2066isolate",     // left-to-right isolate
        "zero\u200Bwidth",       // format character
        "bell\u0007",            // control
        "line\u2028break",       // line separator
        "private\uE000use",      // private use
    ];

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Names_with_control_format_or_bidi_characters_are_refused_and_nothing_changes(string name)
    {
        await using var app = await StartAsync();
        var (admin1, admin2) = (await AdminAsync(app, "org-1"), await AdminAsync(app, "org-2"));

        using var created = await SendAsync(app, HttpMethod.Post, "/admin/keys", admin1, JsonSerializer.Serialize(new { name, scopes = new[] { "orders:read" } }));
        var existing = (await app.Keys.ListAsync(new ApiKeyQuery { Organization = "org-1" })).Items.Single(k => k.Name == "admin");
        using var renamed = await SendAsync(app, HttpMethod.Patch, "/admin/keys/" + existing.Id, admin1, JsonSerializer.Serialize(new { name }));

        foreach (var response in new[] { created, renamed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("invalid_argument", problem.RootElement.GetProperty("code").GetString());
            Assert.Contains("bidirectional-override", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        foreach (var organization in new[] { "org-1", "org-2" })
        {
            var keys = (await app.Keys.ListAsync(new ApiKeyQuery { Organization = organization })).Items;
            Assert.Equal(["admin"], keys.Select(k => k.Name));
        }

        Assert.NotNull(admin2);
    }

    // Built here, as code units: an unpaired surrogate would not survive test-data serialisation (or a JSON reader).
    [Theory]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0x200B)]
    [InlineData(0x0007)]
    [InlineData(0x2028)]
    [InlineData(0xE000)]
    [InlineData(0xD800)]
    public async Task The_manager_refuses_the_same_names_for_the_command_line_and_the_app(int codeUnit)
    {
        await using var app = await StartAsync();
        var name = "invoice" + (char)codeUnit + "txt";

        var error = await Assert.ThrowsAsync<ApiKeyManagementException>(() => app.Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = name,
            Owner = "user-1",
            Organization = "org-1",
            Scopes = ["orders:read"],
        }));

        Assert.Equal(ApiKeyManagementError.InvalidArgument, error.Error);
        Assert.DoesNotContain(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printable_names_in_any_script_are_accepted()
    {
        await using var app = await StartAsync();
        var admin = await AdminAsync(app, "org-1");

        using var response = await SendAsync(app, HttpMethod.Post, "/admin/keys", admin, JsonSerializer.Serialize(new { name = "청구 서비스 — billing 🧾", scopes = new[] { "orders:read" } }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Repeated_JSON_members_are_refused_and_nothing_is_created()
    {
        await using var app = await StartAsync();
        var admin = await AdminAsync(app, "org-1");

        using var response = await SendAsync(app, HttpMethod.Post, "/admin/keys", admin, "{\"name\":\"first\",\"name\":\"second\",\"scopes\":[\"orders:read\"]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_body", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("twice", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single((await app.Keys.ListAsync(new ApiKeyQuery { Organization = "org-1" })).Items);
    }

    [Fact]
    public async Task A_repeated_scope_is_granted_once_on_create_and_update()
    {
        await using var app = await StartAsync();
        var admin = await AdminAsync(app, "org-1");

        using var created = await SendAsync(app, HttpMethod.Post, "/admin/keys", admin, "{\"name\":\"ci\",\"scopes\":[\"orders:read\",\"orders:write\",\"orders:read\"]}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("record").GetProperty("id").GetString();
        Assert.Equal(["orders:read", "orders:write"], (await app.Keys.GetAsync(id!))!.Scopes);

        using var updated = await SendAsync(app, HttpMethod.Patch, "/admin/keys/" + id, admin, "{\"scopes\":[\"orders:write\",\"orders:write\"]}");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["orders:write"], (await app.Keys.GetAsync(id!))!.Scopes);
    }

    private static Task<RampartTestApp> StartAsync()
        => RampartTestApp.StartAsync(map: app => app.MapRampartKeys());

    private static async Task<string> AdminAsync(RampartTestApp app, string organization)
        => (await app.Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "admin",
            Owner = "admin-" + organization,
            Organization = organization,
            Scopes = ["rampart:admin"],
        })).Key;

    private static Task<HttpResponseMessage> SendAsync(RampartTestApp app, HttpMethod method, string path, string key, string json)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return app.Client.SendAsync(request);
    }
}
