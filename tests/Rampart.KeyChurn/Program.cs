using Rampart.AspNetCore.Storage;
using Rampart.Testing;

// Usage: Rampart.KeyChurn <key database> <audit database>
// Creates, revokes and rotates keys in a loop through the app's key manager, one line per change,
// until it is killed. The crash tests kill it at arbitrary points and then check the admin log.
await using var app = await RampartTestHost.StartAsync(new RampartTestHostOptions
{
    KeyStore = TestKeyStore.AsConfigured,
    Configure = options =>
    {
        options.Store.Sqlite.Path = args[0];
        options.Logging.Store.ConnectionString = $"Data Source={args[1]}";
    },
});

Console.WriteLine("started");
for (var i = 0; ; i++)
{
    var created = await app.CreateKeyInAsync(i % 2 == 0 ? "org-1" : "org-2", ["orders:read"], name: $"churn {i}");
    Console.WriteLine($"created {created.Record.Id}");
    if (i % 3 == 0)
    {
        await app.Keys.RevokeAsync(created.Record.Id);
        Console.WriteLine($"revoked {created.Record.Id}");
    }
    else if (i % 3 == 1)
    {
        var rotated = await app.Keys.RotateAsync(created.Record.Id);
        Console.WriteLine($"rotated {created.Record.Id} {rotated.Record.Id}");
    }
}
