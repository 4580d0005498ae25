using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>Made-up keys are limited per client network, and refused before any lookup once over.</summary>
public class FailedKeyLimitTests
{
    private static Task<RampartTestApp> StartAsync(Action<IServiceCollection>? services = null)
        => RampartTestApp.StartAsync(
            configure: options => options.RateLimits.FailedKeysPerAddress.Windows["minute"] = new RateLimitWindowOptions { Limit = 3, Window = TimeSpan.FromMinutes(1) },
            services: s =>
            {
                s.AddSingleton<IStartupFilter, ClientAddressStartupFilter>();
                services?.Invoke(s);
            });

    private static HttpRequestMessage Request(string path, string? key, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.Add(ClientAddressStartupFilter.Header, client);
        return request;
    }

    private static string MadeUpKey() => ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());

    [Fact]
    public async Task A_network_over_its_failed_key_limit_is_refused_before_any_key_is_verified()
    {
        await using var app = await StartAsync();
        var valid = await app.CreateKeyAsync("orders:read");
        using var verifications = new MetricCollector<double>(app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), RampartMetrics.MeterName, RampartMetrics.VerifyDurationName);

        for (var i = 0; i < 3; i++)
        {
            var refused = await app.Client.SendAsync(Request("/orders", MadeUpKey(), "203.0.113.7"));
            await Authentication.AuthenticationResponseTests.AssertProblemAsync(refused, 401, "unknown_key");
        }

        Assert.Equal(3, verifications.GetMeasurementSnapshot().Count);

        var limited = await app.Client.SendAsync(Request("/orders", MadeUpKey(), "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("\"failed.minute\";q=3;w=60", Assert.Single(limited.Headers.GetValues("RateLimit-Policy")));
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal("address", problem.GetProperty("violated_policies")[0].GetProperty("scope").GetString());

        // Even a valid key from that network waits: it cannot be told apart without a lookup.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.Client.SendAsync(Request("/orders", valid.Key, "203.0.113.7"))).StatusCode);
        Assert.Equal(3, verifications.GetMeasurementSnapshot().Count);

        // Requests without a key, and other networks, are not affected.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/public", null, "203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/orders", valid.Key, "198.51.100.1"))).StatusCode);

        // The window ends: the network's keys are verified again.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/orders", valid.Key, "203.0.113.7"))).StatusCode);
    }

    [Fact]
    public async Task Valid_keys_do_not_use_the_failed_key_budget()
    {
        await using var app = await StartAsync();
        var valid = await app.CreateKeyAsync("orders:read");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Request("/orders", valid.Key, "203.0.113.8"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Request("/orders", MadeUpKey(), "203.0.113.8"))).StatusCode);
    }

    [Fact]
    public async Task An_IPv6_client_counts_by_its_64_bit_prefix()
    {
        await using var app = await StartAsync();

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Request("/orders", "acme_live_bad", $"2001:db8:1:2::{i}"))).StatusCode);
        }

        // Another address in the same /64 is over; one in another /64 is not.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.Client.SendAsync(Request("/orders", "acme_live_bad", "2001:db8:1:2:ffff::1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(Request("/orders", "acme_live_bad", "2001:db8:1:3::1"))).StatusCode);
    }

    [Fact]
    public void Networks_are_IPv4_addresses_and_IPv6_slash_64s()
    {
        Assert.Equal(ClientNetwork.Of(IPAddress.Parse("2001:db8::1")), ClientNetwork.Of(IPAddress.Parse("2001:db8::ffff:1")));
        Assert.NotEqual(ClientNetwork.Of(IPAddress.Parse("2001:db8:0:1::1")), ClientNetwork.Of(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(ClientNetwork.Of(IPAddress.Parse("192.0.2.1")), ClientNetwork.Of(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.NotEqual(ClientNetwork.Of(IPAddress.Parse("192.0.2.1")), ClientNetwork.Of(IPAddress.Parse("192.0.2.2")));
        Assert.Equal(ClientNetwork.Unknown, ClientNetwork.Of(null));
        Assert.Equal(IPAddress.Parse("2001:db8::"), ClientNetwork.Of(IPAddress.Parse("2001:db8::1")).ToAddress());
    }
}
