namespace Rampart.Stores.Tests.Contract;

public abstract partial class ApiKeyStoreContractTests
{
    [Fact]
    public async Task A_conditional_revocation_revokes_once_and_says_so()
    {
        var record = Records.New();
        await Store.CreateAsync(record);
        var at = Records.Now.AddMinutes(5);

        Assert.True(await Store.RevokeAsync(record.Id, at));
        Assert.False(await Store.RevokeAsync(record.Id, at.AddMinutes(1)));
        Assert.False(await Store.RevokeAsync("nosuchkey000", at));

        Records.AssertSame(record with { RevokedAt = at }, await Store.FindAsync(record.Id), version: 2);
    }

    [Fact]
    public async Task Of_concurrent_conditional_revocations_exactly_one_revokes()
    {
        var record = Records.New();
        await Store.CreateAsync(record);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.RevokeAsync(record.Id, Records.Now.AddSeconds(i)))));

        Assert.Single(results, r => r);
        Assert.Equal(2, (await Store.FindAsync(record.Id))!.Version);
    }
}
