using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.Testing;

// Usage: Rampart.KeyChurn sqlite <key database> <audit database>
//        Rampart.KeyChurn postgresql <connection string> <schema>
// Makes every kind of key change in a loop through the app's key manager (create, rename, scopes,
// roles, tier, expiry, rotate, revoke), in two organisations, one line per change, until it is
// killed. The crash tests kill it at arbitrary points and then check the admin log. They pass their
// pepper in RAMPART_CHURN_PEPPER, so key names are pseudonymised in the log as the next start does.
var postgres = args[0] == "postgresql";
await using var app = await RampartTestHost.StartAsync(new RampartTestHostOptions
{
    Pepper = Environment.GetEnvironmentVariable("RAMPART_CHURN_PEPPER") ?? TestPeppers.Version1,
    KeyStore = TestKeyStore.AsConfigured,
    Configure = options =>
    {
        options.Roles["buyer"] = ["orders:read", "catalog:read"];
        options.Roles["clerk"] = ["orders:write"];
        if (!postgres)
        {
            options.Store.Sqlite.Path = args[1];
            options.Logging.Store.ConnectionString = $"Data Source={args[2]}";
        }
    },
    Services = services =>
    {
        if (postgres)
        {
            services.AddRampartPostgreSql(options =>
            {
                options.ConnectionString = args[1];
                options.Schema = args[2];
            });
            services.AddRampartPostgreSqlAuditStore();
        }
    },
});

Console.WriteLine("started");
var keys = app.Keys;
for (var i = 0; ; i++)
{
    var created = await app.CreateKeyInAsync(i % 2 == 0 ? "org-1" : "org-2", ["orders:read"], name: $"churn {i}");
    var id = created.Record.Id;
    Console.WriteLine($"created {id}");
    await ChangeAsync($"renamed {id}", new ApiKeyUpdateRequest { Name = $"churn {i} renamed" });
    await ChangeAsync($"scopes {id}", new ApiKeyUpdateRequest { Scopes = ["orders:read", $"reports:r{i}"] });
    await ChangeAsync($"roles {id}", new ApiKeyUpdateRequest { Roles = i % 2 == 0 ? ["buyer"] : ["buyer", "clerk"] });
    await ChangeAsync($"tier {id}", new ApiKeyUpdateRequest { Tier = i % 2 == 0 ? "gold" : "silver" });
    await keys.ExpireAsync(id, app.Time.GetUtcNow().AddDays(30 + i).AddTicks(1234));
    Console.WriteLine($"expiry {id}");
    if (i % 2 == 0)
    {
        var rotated = await keys.RotateAsync(id);
        Console.WriteLine($"rotated {id} {rotated.Record.Id}");
    }
    else
    {
        await keys.RevokeAsync(id);
        Console.WriteLine($"revoked {id}");
    }

    async Task ChangeAsync(string line, ApiKeyUpdateRequest request)
    {
        await keys.UpdateAsync(id, request);
        Console.WriteLine(line);
    }
}
