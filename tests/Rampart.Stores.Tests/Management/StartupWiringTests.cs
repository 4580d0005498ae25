using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rampart.AspNetCore.Management.CommandLine;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Management;

public class StartupWiringTests
{
    [Fact]
    public async Task The_command_line_works_on_an_app_that_was_built_but_not_started()
    {
        using var folder = new TempFolder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRampart(o =>
        {
            o.Keys.Peppers[1] = StoresTestApp.Pepper;
            o.Store.Sqlite.Path = folder.File("keys.db");
        });
        await using var app = builder.Build();

        var previous = Environment.ExitCode;
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, await RampartKeysCommand.InvokeAsync(app.Services, ["keys", "create", "--name", "admin", "--scopes", "rampart:admin"], output, error));
            Assert.StartsWith("rmp_live_", output.ToString(), StringComparison.Ordinal);

            Assert.True(await app.RunRampartCommandAsync(["keys", "revoke", "AAAAAAAAAAAA"]));
            Assert.Equal(3, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = previous;
        }

        Assert.Single((await app.Services.GetRequiredService<IApiKeyStore>().ListAsync(new ApiKeyQuery())).Items);
    }

    [Fact]
    public void MapRampartKeys_fails_fast_without_AddRampart_or_with_an_invalid_scope()
    {
        var plain = WebApplication.CreateSlimBuilder().Build();
        var missing = Assert.Throws<InvalidOperationException>(() => plain.MapRampartKeys());
        Assert.Contains("AddRampart", missing.Message, StringComparison.Ordinal);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);
        var app = builder.Build();
        Assert.Throws<ArgumentException>(() => app.MapRampartKeys("/admin/keys", adminScope: "Admin Scope"));
        Assert.Throws<ArgumentException>(() => app.MapRampartKeys("/admin/keys", adminScope: "rampart:*"));
    }
}
