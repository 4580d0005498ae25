using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;
using Rampart.Testing;

namespace Rampart.AspNetCore.Logging.Tests;

public class AuditRecordTests
{
    private static FakeLogRecord[] AuditRecords(LoggingTestApp app)
        => app.Logs.GetSnapshot().Where(r => r.Id.Id == 1200).ToArray();

    private static string Value(FakeLogRecord record, string key)
        => record.StructuredState!.Single(p => p.Key == key).Value ?? string.Empty;

    [Fact]
    public async Task Authenticated_request_is_recorded_with_key_name_and_not_key_value()
    {
        await using var app = await LoggingTestApp.StartAsync(services: FixedClientAddress.Add);
        var key = await app.CreateKeyAsync();

        var response = await app.GetAsync("/orders/42", key.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal(AuditLog.Category, record.Category);
        Assert.Equal("AuditRecord", record.Id.Name);
        Assert.Equal("GET", Value(record, "Method"));
        Assert.Equal("/orders/42", Value(record, "Path"));
        Assert.Equal("/orders/{id}", Value(record, "Route"));
        Assert.Equal("200", Value(record, "StatusCode"));
        Assert.Equal(key.Record.Id, Value(record, "KeyId"));
        Assert.Equal("billing service", Value(record, "KeyName"));
        Assert.Equal("org-1", Value(record, "Organization"));
        Assert.Equal("live", Value(record, "Environment"));
        Assert.False(string.IsNullOrEmpty(Value(record, "RequestId")));
        Assert.DoesNotContain(app.LoggedText(), line => line.Contains(key.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_address_is_a_stable_keyed_pseudonym_and_never_the_address()
    {
        await using var app = await LoggingTestApp.StartAsync(services: FixedClientAddress.Add);

        await app.GetAsync("/public", null);
        await app.GetAsync("/public", null);

        var clients = AuditRecords(app).Select(r => Value(r, "Client")).ToArray();
        Assert.Equal(2, clients.Length);
        Assert.StartsWith("c_", clients[0], StringComparison.Ordinal);
        Assert.Equal(34, clients[0].Length);
        Assert.Equal(clients[0], clients[1]);
        Assert.DoesNotContain(app.LoggedText(), line => line.Contains("203.0.113.77", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "/orders/1", 401)]
    [InlineData("acme_live_notakey", "/orders/1", 401)]
    public async Task Refused_requests_are_recorded_with_their_final_status(string? credential, string path, int status)
    {
        await using var app = await LoggingTestApp.StartAsync();

        var response = await app.GetAsync(path, credential);

        Assert.Equal(status, (int)response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(record, "StatusCode"));
        Assert.Equal(string.Empty, Value(record, "KeyId"));
        if (credential is not null)
        {
            Assert.DoesNotContain(app.LoggedText(), line => line.Contains(credential, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Missing_scope_is_recorded_as_403_with_the_key_name()
    {
        await using var app = await LoggingTestApp.StartAsync();
        var key = await app.CreateKeyAsync("orders:write");

        var response = await app.GetAsync("/orders/1", key.Key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal("403", Value(record, "StatusCode"));
        Assert.Equal("billing service", Value(record, "KeyName"));
    }

    [Fact]
    public async Task Revoked_key_is_recorded_by_id_name_organisation_and_environment()
    {
        await using var app = await LoggingTestApp.StartAsync();
        var key = await app.CreateKeyAsync();
        await app.Keys.RevokeAsync(key.Record.Id);

        var response = await app.GetAsync("/orders/1", key.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal(key.Record.Id, Value(record, "KeyId"));
        Assert.Equal("billing service", Value(record, "KeyName"));
        Assert.Equal(key.Record.Organization, Value(record, "Organization"));
        Assert.Equal("live", Value(record, "Environment"));
    }

    [Fact]
    public async Task Refused_keys_of_two_organisations_beside_jwt_are_recorded_with_their_own_organisation_and_environment()
    {
        var jwt = new TestJwt();
        await using var app = await LoggingTestApp.StartAsync(
            services: s => jwt.AddTo(s.AddAuthentication()),
            map: a =>
            {
                LoggingTestApp.MapDefaultEndpoints(a);
                a.MapGet("/me", () => Results.Ok()).RequireAuthorization(p => p.AddAuthenticationSchemes(TestJwt.Scheme).RequireAuthenticatedUser());
            });
        var acme = await app.CreateKeyInAsync("acme", ["orders:read"], name: "acme reporting");
        var globex = await app.CreateKeyInAsync("globex", ["orders:read"], name: "globex reporting", owner: "user-2");
        await app.Keys.RevokeAsync(acme.Record.Id);
        await app.Keys.RevokeAsync(globex.Record.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders/1", acme.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders/1", globex.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/me", jwt.Issue())).StatusCode);

        var records = AuditRecords(app);
        Assert.Equal(3, records.Length);
        var acmeRecord = Assert.Single(records, r => Value(r, "KeyId") == acme.Record.Id);
        Assert.Equal(("acme reporting", "acme", "live"), (Value(acmeRecord, "KeyName"), Value(acmeRecord, "Organization"), Value(acmeRecord, "Environment")));
        var globexRecord = Assert.Single(records, r => Value(r, "KeyId") == globex.Record.Id);
        Assert.Equal(("globex reporting", "globex", "live"), (Value(globexRecord, "KeyName"), Value(globexRecord, "Organization"), Value(globexRecord, "Environment")));

        // A request authenticated by the other scheme names no key, organisation or environment.
        var jwtRecord = Assert.Single(records, r => Value(r, "Path") == "/me");
        Assert.Equal(("", "", ""), (Value(jwtRecord, "KeyId"), Value(jwtRecord, "Organization"), Value(jwtRecord, "Environment")));
    }

    [Fact]
    public async Task An_exception_is_recorded_with_the_500_the_client_receives()
    {
        await using var app = await LoggingTestApp.StartAsync();

        using var response = await app.GetAsync("/boom", null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal("500", Value(record, "StatusCode"));
    }

    [Fact]
    public async Task Secret_named_query_values_are_redacted_and_others_masked()
    {
        await using var app = await LoggingTestApp.StartAsync();

        await app.GetAsync("/public?page=2&password=hunter2&client_secret=s3cr3t-value&contact=alice%40example.com&api_key=zzz", null);

        var query = Value(Assert.Single(AuditRecords(app)), "Query");
        Assert.Contains("page=2", query, StringComparison.Ordinal);
        Assert.Contains("password=[Redacted]", query, StringComparison.Ordinal);
        Assert.Contains("client_secret=[Redacted]", query, StringComparison.Ordinal);
        Assert.Contains("api_key=[Redacted]", query, StringComparison.Ordinal);
        Assert.Contains("contact=[email]", query, StringComparison.Ordinal);
        Assert.DoesNotContain(app.LoggedText(), line => line.Contains("hunter2", StringComparison.Ordinal) || line.Contains("s3cr3t-value", StringComparison.Ordinal)
            || line.Contains("alice@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_allowlisted_headers_are_written_and_credential_headers_never()
    {
        await using var app = await LoggingTestApp.StartAsync(o =>
        {
            o.Authentication.HeaderName = "X-Custom-Key";
            o.Logging.LoggedHeaders.Add("X-Custom-Key");
            o.Logging.LoggedHeaders.Add("Authorization");
            o.Logging.LoggedHeaders.Add("Cookie");
            o.Logging.LoggedHeaders.Add("X-Session-Id");
            o.Logging.LoggedHeaders.Add("X-Note");
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/public");
        request.Headers.Add("X-Custom-Key", "key-value-1");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        request.Headers.Add("Cookie", "session=cookie-value-1");
        request.Headers.Add("X-Session-Id", "session-value-1");
        request.Headers.Add("X-Note", "call 010-1234-5678");
        request.Headers.Add("X-Unlisted", "unlisted-value-1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        await app.Client.SendAsync(request);

        var headers = Value(Assert.Single(AuditRecords(app)), "Headers");
        Assert.Contains("Accept: application/json", headers, StringComparison.Ordinal);
        Assert.Contains("X-Custom-Key: [Redacted]", headers, StringComparison.Ordinal);
        Assert.Contains("Authorization: [Redacted]", headers, StringComparison.Ordinal);
        Assert.Contains("Cookie: [Redacted]", headers, StringComparison.Ordinal);
        Assert.Contains("X-Session-Id: [Redacted]", headers, StringComparison.Ordinal);
        Assert.Contains("X-Note: call [phone]", headers, StringComparison.Ordinal);
        foreach (var secret in new[] { "key-value-1", "dXNlcjpwYXNz", "cookie-value-1", "session-value-1", "unlisted-value-1", "010-1234-5678" })
        {
            Assert.DoesNotContain(app.LoggedText(), line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Control_characters_are_neutralised()
    {
        await using var app = await LoggingTestApp.StartAsync();

        await app.GetAsync("/public?q=a%0D%0A2026-11-24%20FAKE%20ENTRY%1B%5B31m%E2%80%AE", null);

        var query = Value(Assert.Single(AuditRecords(app)), "Query");
        Assert.DoesNotContain('\r', query);
        Assert.DoesNotContain('\n', query);
        Assert.DoesNotContain('\u001b', query);
        Assert.DoesNotContain('\u202e', query);
        Assert.Contains("a\\u000d\\u000a2026-11-24 FAKE ENTRY\\u001b[31m\\u202e", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_retention_writes_metadata_only()
    {
        await using var app = await LoggingTestApp.StartAsync(o =>
        {
            o.Logging.ZeroRetention = true;
            o.Logging.Bodies.Enabled = true;
            o.Logging.LoggedHeaders.Add("X-Note");
        }, withStore: true);
        var key = await app.CreateKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders?note=query-content-1")
        {
            Content = new StringContent("""{"product":"body-content-1","quantity":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        request.Headers.Add("X-Note", "header-content-1");
        request.Headers.UserAgent.ParseAdd("agent-content-1/1.0");

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = Assert.Single(AuditRecords(app));
        Assert.Equal("billing service", Value(record, "KeyName"));
        Assert.Equal("201", Value(record, "StatusCode"));
        foreach (var content in new[] { "query-content-1", "body-content-1", "header-content-1", "agent-content-1" })
        {
            Assert.DoesNotContain(app.LoggedText(), line => line.Contains(content, StringComparison.Ordinal));
        }

        var stored = Assert.Single(await app.StoredAsync());
        Assert.Null(stored.Query);
        Assert.Null(stored.Headers);
        Assert.Null(stored.UserAgent);
        Assert.Null(stored.Body);
        Assert.Equal("billing service", stored.KeyName);
    }

    [Fact]
    public async Task Turning_records_off_writes_none()
    {
        await using var app = await LoggingTestApp.StartAsync(o => o.Logging.Enabled = false);

        await app.GetAsync("/public", null);

        Assert.Empty(AuditRecords(app));
    }

    [Fact]
    public async Task Record_level_follows_the_logger_filter()
    {
        await using var app = await LoggingTestApp.StartAsync();

        await app.GetAsync("/public", null);

        Assert.Equal(LogLevel.Information, Assert.Single(AuditRecords(app)).Level);
    }
}
