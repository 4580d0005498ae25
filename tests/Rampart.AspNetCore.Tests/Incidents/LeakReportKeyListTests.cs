using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>The senders' keys fetched from a URL (a real local server standing in for the code host's key list), cached, and refetched at a bounded pace.</summary>
public sealed class LeakReportKeyListTests
{
    [Fact]
    public async Task Keys_are_fetched_once_cached_and_unknown_ids_refetch_at_most_once_a_minute()
    {
        using var sender = new LeakReportSender();
        using var keyList = new LoopbackReceiver((HttpStatusCode.OK, KeyList(sender)));
        await using var app = await StartAsync(keyList.Url);
        var key = await app.CreateKeyInAsync("org-a", ["orders:read"]);
        var other = await app.CreateKeyInAsync("org-b", ["orders:read"]);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(sender.Request(LeakReportSender.Report(key.Key)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(sender.Request(LeakReportSender.Report(other.Key)))).StatusCode);
        Assert.Equal(1, keyList.Received);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", other.Key)).StatusCode);

        // Forged key ids: refused, and at most one fetch per minute however many arrive.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(sender.Request(LeakReportSender.Report(key.Key), keyId: $"forged-{i}"))).StatusCode);
        }

        Assert.Equal(1, keyList.Received);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(sender.Request(LeakReportSender.Report(key.Key), keyId: "forged-again"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(sender.Request(LeakReportSender.Report(key.Key), keyId: "forged-once-more"))).StatusCode);
        Assert.Equal(2, keyList.Received);
    }

    [Fact]
    public async Task When_the_key_list_cannot_be_read_the_report_is_answered_503_and_nothing_changes()
    {
        using var sender = new LeakReportSender();
        using var keyList = new LoopbackReceiver(HttpStatusCode.InternalServerError);
        await using var app = await StartAsync(keyList.Url);
        var key = await app.CreateKeyInAsync("org-a", ["orders:read"]);

        var response = await app.Client.SendAsync(sender.Request(LeakReportSender.Report(key.Key)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("leak_report_keys_unavailable", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key.Key)).StatusCode);
    }

    private static Task<RampartTestApp> StartAsync(Uri keyList)
        => RampartTestApp.StartAsync(
            configure: options => options.Incidents.LeakReports.PublicKeysUrl = keyList,
            map: app =>
            {
                RampartTestApp.MapDefaultEndpoints(app);
                app.MapRampartLeakReports();
            });

    private static string KeyList(LeakReportSender sender)
        => JsonSerializer.Serialize(new { public_keys = new[] { new { key_identifier = sender.KeyId, key = sender.PublicKeyPem, is_current = true } } });
}
