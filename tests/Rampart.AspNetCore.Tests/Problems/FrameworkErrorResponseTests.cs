using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Problems;

/// <summary>
/// The framework's own errors under <c>UseRampart()</c>, in Development and Production: each answers
/// an RFC 9457 problem, with no exception detail, stack trace or header outside Development and no
/// key secret anywhere; the audit record holds the status the client received.
/// </summary>
public class FrameworkErrorResponseTests
{
    public sealed record Order(string Product, int Quantity);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var environment in new[] { "Development", "Production" })
        {
            foreach (var name in new[] { "query fails binding", "key fails binding", "route value fails binding", "truncated JSON", "wrong content type", "no endpoint", "wrong method", "exception with a key" })
            {
                data.Add(environment, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Framework_errors_answer_problem_bodies_that_leak_nothing(string environment, string name)
    {
        await using var app = await StartAsync(environment);
        var key = (await app.CreateKeyAsync("orders:read", "orders:write")).Key;
        var secret = key.Substring(key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
        var (request, expected, exception) = name switch
        {
            "query fails binding" => (new HttpRequestMessage(HttpMethod.Get, "/audit?minutes=abc"), 400, environment == "Development"),
            "key fails binding" => (new HttpRequestMessage(HttpMethod.Get, "/audit?minutes=" + key), 400, environment == "Development"),
            "route value fails binding" => (new HttpRequestMessage(HttpMethod.Get, "/items/" + key), 400, environment == "Development"),
            "truncated JSON" => (new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{\"product\":\"" + key, Encoding.UTF8, "application/json") }, 400, environment == "Development"),
            "wrong content type" => (new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(key, Encoding.UTF8, "text/plain") }, 415, false),
            "no endpoint" => (new HttpRequestMessage(HttpMethod.Get, "/nowhere/" + key), 404, false),
            "wrong method" => (new HttpRequestMessage(HttpMethod.Delete, "/orders"), 405, false),
            _ => (new HttpRequestMessage(HttpMethod.Get, "/boom?text=" + key), 500, environment == "Development"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var response = await app.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var problem = json.RootElement;
        Assert.Equal(expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization:", body, StringComparison.OrdinalIgnoreCase);
        if (exception)
        {
            // Development shows the exception, scrubbed; a key in its message is masked.
            var details = problem.GetProperty("exception");
            Assert.Contains("   at ", details.GetProperty("details").GetString(), StringComparison.Ordinal);
            if (name is "key fails binding" or "exception with a key" or "route value fails binding")
            {
                Assert.Contains(key[..^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)] + "…", body, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.False(problem.TryGetProperty("exception", out _));
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain(".cs", body, StringComparison.Ordinal);
        }

        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(AuditRecords(app)).GetStructuredStateValue("StatusCode"));
    }

    [Fact]
    public async Task AddProblemDetails_customisations_apply_to_Rampart_refusals_and_framework_errors()
    {
        await using var app = await StartAsync("Production", services: s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customised"));
        var key = (await app.CreateKeyAsync("orders:read")).Key;

        using var missingKey = await app.GetAsync("/audit", null);
        using var missingScope = await app.Client.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent("{\"product\":\"p\",\"quantity\":1}") }, key));
        using var notFound = await app.GetAsync("/nowhere", key);

        foreach (var (response, status, code) in new[] { (missingKey, 401, "missing_credentials"), (missingScope, 403, "insufficient_scope"), (notFound, 404, "not_found") })
        {
            Assert.Equal(status, (int)response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("customised", json.RootElement.GetProperty("app").GetString());
            Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        }

        Assert.True(missingKey.Headers.WwwAuthenticate.Count > 0);
    }

    [Fact]
    public async Task Without_the_problem_details_service_Rampart_still_writes_its_own_problems()
    {
        await using var app = await StartAsync(
            "Production",
            o => o.Problems.UseProblemDetailsService = false,
            s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customised"));

        using var response = await app.GetAsync("/audit", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("missing_credentials", json.RootElement.GetProperty("code").GetString());
        Assert.False(json.RootElement.TryGetProperty("app", out _));
    }

    [Fact]
    public async Task Framework_error_bodies_can_be_switched_off()
    {
        await using var app = await StartAsync("Production", o => o.Problems.FrameworkErrors = false);
        var key = (await app.CreateKeyAsync("orders:read")).Key;

        using var response = await app.GetAsync("/nowhere", key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_apps_exception_handler_decides_first_and_the_audit_record_holds_its_status()
    {
        await using var app = await StartAsync("Production", services: s => s.AddExceptionHandler<ConflictHandler>());
        var key = (await app.CreateKeyAsync("orders:read")).Key;

        using var response = await app.GetAsync("/boom?text=conflict", key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("the app's own answer", await response.Content.ReadAsStringAsync());
        Assert.Equal("409", Assert.Single(AuditRecords(app)).GetStructuredStateValue("StatusCode"));
    }

    [Fact]
    public async Task A_key_on_the_developer_exception_page_is_masked_and_headers_are_not_shown()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddRampart(o =>
        {
            o.Keys.Prefix = "acme";
            o.Keys.Peppers[1] = TestPeppers.Version1;
            o.Store.Provider = ApiKeyStoreProvider.InMemory;
        });
        await using var app = builder.Build();
        app.UseDeveloperExceptionPage();

        // Thrown before Rampart's part of the pipeline, so the developer page answers.
        app.Use((HttpContext context, RequestDelegate _) => throw new InvalidOperationException("failed for " + context.Request.Query["text"]));
        app.UseRampart();
        await app.StartAsync();
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId());
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://localhost/x?text=" + key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        Assert.Contains(key[..^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)] + "…", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", body, StringComparison.OrdinalIgnoreCase);
        await app.StopAsync();
    }

    private sealed class ConflictHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (!exception.Message.Contains("conflict", StringComparison.Ordinal))
            {
                return false;
            }

            httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
            await httpContext.Response.WriteAsync("the app's own answer", cancellationToken);
            return true;
        }
    }

    private static Task<RampartTestApp> StartAsync(string environment, Action<RampartOptions>? configure = null, Action<IServiceCollection>? services = null)
        => RampartTestApp.StartAsync(configure, Map, services, environment);

    private static void Map(WebApplication app)
    {
        app.MapGet("/audit", (int? minutes) => Results.Ok(new { minutes })).RequireScopes("orders:read");
        app.MapGet("/items/{id}", (int id) => Results.Ok(new { id })).RequireScopes("orders:read");
        app.MapPost("/orders", (Order order) => Results.Ok(new { order.Quantity })).RequireScopes("orders:write");
        app.MapGet("/boom", string (string text) => throw new InvalidOperationException("failed for " + text)).RequireScopes("orders:read");
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static List<FakeLogRecord> AuditRecords(RampartTestApp app)
        => app.Logs.GetSnapshot().Where(r => r.Category == "Rampart.Audit" && r.Id.Id == 1200).ToList();
}
