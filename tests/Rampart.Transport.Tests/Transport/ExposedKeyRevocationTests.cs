using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public class ExposedKeyRevocationTests
{
    [Fact]
    public async Task A_valid_key_over_http_is_revoked_said_so_and_logged_by_id_and_name_only()
    {
        await using var app = await TransportTestApp.StartAsync();
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://api.example.com/orders", bearer: created.Key);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        var text = TransportTestApp.ReadText(context);
        Assert.DoesNotContain(created.Key, text, StringComparison.Ordinal);
        var body = TransportTestApp.ReadJson(context);
        Assert.Equal("urn:rampart:problem:https-required", body.GetProperty("type").GetString());
        Assert.Equal(created.Record.Id, body.GetProperty("exposed_key").GetProperty("id").GetString());
        Assert.True(body.GetProperty("exposed_key").GetProperty("revoked").GetBoolean());
        Assert.Contains("revoked", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.NotNull((await app.Keys.GetAsync(created.Record.Id))!.RevokedAt);

        var logs = app.Logs.GetSnapshot();
        var exposed = Assert.Single(logs, r => r.Id.Id == 1300);
        Assert.Equal("Rampart.Authentication", exposed.Category);
        Assert.Equal(LogLevel.Warning, exposed.Level);
        Assert.Equal("ApiKeyExposedOverHttpRevoked", exposed.Id.Name);
        Assert.Contains(exposed.StructuredState!, p => p.Key == "KeyId" && p.Value == created.Record.Id);
        Assert.Contains(exposed.StructuredState!, p => p.Key == "KeyName" && p.Value == "billing sync");
        var secret = created.Key[^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)..];
        Assert.DoesNotContain(logs, r => r.Message.Contains(secret, StringComparison.Ordinal));

        // The key no longer works, even over HTTPS.
        var afterwards = await app.SendAsync("https://api.example.com/orders", bearer: created.Key);
        Assert.Equal(StatusCodes.Status401Unauthorized, afterwards.Response.StatusCode);
        Assert.Equal("revoked_key", TransportTestApp.ReadJson(afterwards).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_forged_key_with_someone_elses_id_and_a_wrong_secret_revokes_nothing()
    {
        await using var app = await TransportTestApp.StartAsync();
        var victim = await app.CreateKeyAsync();
        var forged = ApiKeyGenerator.NewKey(TransportTestApp.Prefix, ApiKeyEnvironment.Live, victim.Record.Id);
        Assert.Equal(ApiKeyParseStatus.Valid, ApiKeyParser.Parse(forged, TransportTestApp.Prefix, ApiKeyEnvironment.Live, out _));

        var context = await app.SendAsync("http://api.example.com/orders", bearer: forged);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.False(TransportTestApp.ReadJson(context).TryGetProperty("exposed_key", out _));
        Assert.Null((await app.Keys.GetAsync(victim.Record.Id))!.RevokedAt);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Id is >= 1300 and <= 1302);
        Assert.Equal(StatusCodes.Status200OK, (await app.SendAsync("https://api.example.com/orders", bearer: victim.Key)).Response.StatusCode);
    }

    [Fact]
    public async Task With_revocation_switched_off_the_key_is_reported_exposed_but_keeps_working()
    {
        await using var app = await TransportTestApp.StartAsync(o => o.Transport.RevokeKeysSentOverHttp = false);
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://api.example.com/orders", bearer: created.Key);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        var exposed = TransportTestApp.ReadJson(context).GetProperty("exposed_key");
        Assert.Equal(created.Record.Id, exposed.GetProperty("id").GetString());
        Assert.False(exposed.GetProperty("revoked").GetBoolean());
        Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1301 && r.Category == "Rampart.Authentication");
        Assert.Null((await app.Keys.GetAsync(created.Record.Id))!.RevokedAt);
        Assert.Equal(StatusCodes.Status200OK, (await app.SendAsync("https://api.example.com/orders", bearer: created.Key)).Response.StatusCode);
    }

    [Fact]
    public async Task A_key_in_the_query_string_over_http_is_revoked_too()
    {
        await using var app = await TransportTestApp.StartAsync();
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://api.example.com/orders?api_key=" + created.Key);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.True(TransportTestApp.ReadJson(context).GetProperty("exposed_key").GetProperty("revoked").GetBoolean());
        Assert.NotNull((await app.Keys.GetAsync(created.Record.Id))!.RevokedAt);
    }

    [Fact]
    public async Task A_key_in_a_custom_header_over_http_is_revoked()
    {
        await using var app = await TransportTestApp.StartAsync(o => o.Authentication.HeaderName = "X-Api-Key");
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://api.example.com/orders", headers: [new("X-Api-Key", created.Key)]);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.NotNull((await app.Keys.GetAsync(created.Record.Id))!.RevokedAt);
    }

    [Fact]
    public async Task With_http_allowed_a_valid_key_is_still_revoked_and_refused_while_anonymous_requests_are_served()
    {
        await using var app = await TransportTestApp.StartAsync(o => o.Transport.AllowHttp = true, environment: "Development");
        var created = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://localhost/orders", bearer: created.Key);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.NotNull((await app.Keys.GetAsync(created.Record.Id))!.RevokedAt);
        Assert.Equal(StatusCodes.Status200OK, (await app.SendAsync("http://localhost/public")).Response.StatusCode);
    }

    public static TheoryData<string> NotKeys() => new()
    {
        "not-a-key",
        new string('a', 5000),
        "Basic dXNlcjpwYXNz",
        ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()),
        ApiKeyGenerator.NewKey(TransportTestApp.Prefix, ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()),
    };

    [Theory]
    [MemberData(nameof(NotKeys))]
    public async Task Credentials_that_are_not_a_valid_key_get_the_plain_refusal(string credential)
    {
        await using var app = await TransportTestApp.StartAsync();
        var bystander = await app.CreateKeyAsync();

        var context = await app.SendAsync("http://api.example.com/orders", bearer: credential);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.False(TransportTestApp.ReadJson(context).TryGetProperty("exposed_key", out _));
        Assert.Null((await app.Keys.GetAsync(bystander.Record.Id))!.RevokedAt);
    }

    [Fact]
    public async Task When_the_store_is_down_the_request_is_refused_and_the_unchecked_exposure_is_logged()
    {
        await using var app = await TransportTestApp.StartAsync(builderSetup: b => b.Services.AddSingleton<IApiKeyStore, UnavailableStore>());
        var key = ApiKeyGenerator.NewKey(TransportTestApp.Prefix, ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());

        var context = await app.SendAsync("http://api.example.com/orders", bearer: key);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1303 && r.Category == "Rampart.Authentication");
    }

    private sealed class UnavailableStore : IApiKeyStore
    {
        private static Exception Down() => new ApiKeyStoreUnavailableException("down");

        public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => throw Down();

        public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => throw Down();

        public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> RotateAsync(ApiKeyRecord replaced, ApiKeyRecord replacement, CancellationToken cancellationToken = default) => throw Down();

        public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> lastUsed, CancellationToken cancellationToken = default) => throw Down();
    }
}
