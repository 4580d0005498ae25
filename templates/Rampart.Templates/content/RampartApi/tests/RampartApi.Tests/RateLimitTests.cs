using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RampartApi.Endpoints;

namespace RampartApi.Tests;

public sealed partial class RateLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private int BurstLimit => factory.Services.GetRequiredService<IConfiguration>()
        .GetValue<int>("Rampart:RateLimits:Tiers:default:Windows:burst:Limit");

    [Fact]
    public async Task Every_response_to_a_key_carries_its_rate_limit_policy()
    {
        var key = await factory.CreateKeyAsync("org-headers", "orders:read");
        using var client = factory.CreateClient(key);

        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(", ", response.Headers.GetValues("RateLimit-Policy"));
        Assert.Contains($"\"burst\";q={BurstLimit};w=10", policy, StringComparison.Ordinal);
        Assert.Contains("\"minute\";q=", policy, StringComparison.Ordinal);
        Assert.Contains("\"day\";q=", policy, StringComparison.Ordinal);
        Assert.Contains("\"org.minute\";q=", policy, StringComparison.Ordinal);
        Assert.Single(response.Headers.GetValues("RateLimit"));
    }

    [Fact]
    public async Task A_key_past_its_burst_limit_gets_429_with_Retry_After_and_is_admitted_again_after_it()
    {
        var key = await factory.CreateKeyAsync("org-burst", "orders:read");
        using var client = factory.CreateClient(key);

        for (var i = 0; i < BurstLimit; i++)
        {
            using var admitted = await client.GetAsync(new Uri("/orders", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using var refused = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.StartsWith("\"burst\";r=0;", Assert.Single(refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("rate_limited", problem.RootElement.GetProperty("code").GetString());
        }

        // Another key of another organisation is not affected.
        using (var other = factory.CreateClient(await factory.CreateKeyAsync("org-other", "orders:read")))
        using (var response = await other.GetAsync(new Uri("/orders", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        factory.Time.Advance(retryAfter.Value);
        using var again = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Creating_an_order_costs_more_than_reading()
    {
        var key = await factory.CreateKeyAsync("org-cost", "orders:*");
        using var client = factory.CreateClient(key);

        using var read = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        using var write = await client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { item = "widget", quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(BurstLimit - 1, BurstRemaining(read));
        Assert.Equal(BurstLimit - 1 - OrderEndpoints.OrderWriteCost, BurstRemaining(write));
    }

    [Fact]
    public async Task Requests_without_a_key_are_not_counted_and_carry_no_rate_limit_fields()
    {
        using var client = factory.CreateClient(key: null);

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("RateLimit"));
        Assert.False(response.Headers.Contains("RateLimit-Policy"));
    }

    private static int BurstRemaining(HttpResponseMessage response)
    {
        var match = BurstField().Match(Assert.Single(response.Headers.GetValues("RateLimit")));
        Assert.True(match.Success, "The RateLimit field does not report the burst window.");
        return int.Parse(match.Groups["remaining"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^\"burst\";r=(?<remaining>[0-9]+);")]
    private static partial Regex BurstField();
}
