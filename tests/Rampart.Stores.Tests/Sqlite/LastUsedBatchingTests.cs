using System.Net;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

public class LastUsedBatchingTests
{
    [Fact]
    public async Task Requests_write_nothing_and_the_flush_writes_last_used_times_to_the_sqlite_file_in_one_batch()
    {
        await using var app = await StoresTestApp.StartAsync();
        var first = await app.CreateKeyAsync("orders:read");
        var second = await app.CreateKeyAsync("orders:read");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", first.Key)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", second.Key)).StatusCode);
        Assert.Null((await app.Keys.GetAsync(first.Record.Id))!.LastUsedAt);

        app.Time.Advance(TimeSpan.FromSeconds(30));

        // The flush runs on the hosted service's timer, on its own time.
        await Eventually.UntilAsync(async () => (await app.Keys.GetAsync(second.Record.Id))!.LastUsedAt is not null, "the flush of last-used times");

        var stored = await app.Keys.GetAsync(first.Record.Id);
        Assert.Equal(StoresTestApp.Start, stored!.LastUsedAt);
        Assert.Equal(1, stored.Version);
    }
}
