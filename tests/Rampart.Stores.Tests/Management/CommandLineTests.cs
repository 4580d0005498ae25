using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Rampart.AspNetCore.Management.CommandLine;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Management;

public class CommandLineTests
{
    [Fact]
    public async Task Create_prints_a_working_key_once_and_list_shows_it_masked()
    {
        await using var app = await StoresTestApp.StartAsync();

        var (code, output, error) = await RunAsync(app, "keys", "create", "--name", "ci", "--scopes", "orders:read", "--expires", "90d");

        Assert.True(code == 0, error);
        var key = output.Split('\n')[0].Trim();
        Assert.StartsWith("acme_live_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key)).StatusCode);
        var record = Assert.Single((await app.Keys.ListAsync(new ApiKeyQuery())).Items);
        Assert.Equal("ci", record.Name);
        Assert.Equal("default", record.Organization);
        Assert.Equal(StoresTestApp.Start.AddDays(90), record.ExpiresAt);

        var (listCode, list, _) = await RunAsync(app, "keys", "list");
        Assert.Equal(0, listCode);
        Assert.Contains(record.Id, list, StringComparison.Ordinal);
        Assert.Contains("active", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key[^20..], list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scopes_quoted_as_one_argument_with_spaces_are_taken_as_several()
    {
        await using var app = await StoresTestApp.StartAsync();

        var (code, output, error) = await RunAsync(app, "keys", "create", "--name", "quoted", "--scopes", "orders:read orders:write", "--json");

        Assert.True(code == 0, error);
        var id = JsonDocument.Parse(output).RootElement.GetProperty("record").GetProperty("id").GetString()!;
        Assert.Equal(["orders:read", "orders:write"], (await app.Keys.GetAsync(id))!.Scopes);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("record").GetProperty("pepperVersion").GetInt32());
    }

    [Fact]
    public async Task Several_scopes_are_taken_space_or_comma_separated_and_json_output_is_parseable()
    {
        await using var app = await StoresTestApp.StartAsync();

        var (code, output, error) = await RunAsync(app, "keys", "create", "--name", "admin", "--scopes", "rampart:admin", "orders:read,orders:write", "--org", "acme", "--json");

        Assert.True(code == 0, error);
        var body = JsonDocument.Parse(output).RootElement;
        var id = body.GetProperty("record").GetProperty("id").GetString()!;
        Assert.Equal(["rampart:admin", "orders:read", "orders:write"], (await app.Keys.GetAsync(id))!.Scopes);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/admin/keys", body.GetProperty("key").GetString())).StatusCode);
    }

    [Fact]
    public async Task Revoke_rotate_update_and_get_work_by_id()
    {
        await using var app = await StoresTestApp.StartAsync();
        var user = await app.CreateKeyAsync("orders:read");
        var other = await app.CreateKeyAsync("orders:read");

        var (rotateCode, rotated, rotateError) = await RunAsync(app, "keys", "rotate", user.Record.Id, "--grace", "24h");
        Assert.True(rotateCode == 0, rotateError);
        var newKey = rotated.Split('\n')[0].Trim();
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", newKey)).StatusCode);
        Assert.Equal(StoresTestApp.Start.AddHours(24), (await app.Keys.GetAsync(user.Record.Id))!.ExpiresAt);

        Assert.Equal(0, (await RunAsync(app, "keys", "update", other.Record.Id, "--name", "renamed", "--scopes", "billing:read")).Code);
        Assert.Equal("renamed", (await app.Keys.GetAsync(other.Record.Id))!.Name);

        Assert.Equal(0, (await RunAsync(app, "keys", "revoke", other.Record.Id)).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", other.Key)).StatusCode);

        var (getCode, shown, _) = await RunAsync(app, "keys", "get", other.Record.Id);
        Assert.Equal(0, getCode);
        Assert.Contains("revoked", shown, StringComparison.Ordinal);
    }

    public static TheoryData<string[], int, string> BadCommands() => new()
    {
        { ["keys", "revoke", "AAAAAAAAAAAA"], 3, "key_not_found" },
        { ["keys", "rotate", "AAAAAAAAAAAA"], 3, "key_not_found" },
        { ["keys", "get", "AAAAAAAAAAAA"], 3, "key_not_found" },
        { ["keys", "create", "--name", "x", "--scopes", "Orders Read"], 2, "invalid_argument" },
        { ["keys", "create", "--name", "x", "--scopes", "orders:read", "--expires", "2020-01-01"], 2, "expiry_in_past" },
        { ["keys", "create", "--name", "x", "--scopes", "orders:read", "--expires", "later"], 2, "invalid_argument" },
        { ["keys", "create", "--scopes", "orders:read"], 2, "--name" },
        { ["keys", "create", "--name", "x", "--scopes", "orders:read", "--env", "prod"], 2, "prod" },
        { ["keys", "rotate", "{user}", "--grace", "400d"], 2, "grace_period_out_of_range" },
        { ["keys", "rotate", "{user}", "--grace", "tomorrow"], 2, "invalid_argument" },
        { ["keys", "rotate", "{revoked}"], 4, "invalid_state" },
        { ["keys", "update", "{user}"], 2, "invalid_argument" },
        { ["keys", "update", "{revoked}", "--name", "x"], 4, "invalid_state" },
        { ["keys", "list", "--page-size", "0"], 2, "invalid_argument" },
        { ["keys", "frobnicate"], 2, "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task Bad_input_exits_non_zero_with_a_clear_error_and_changes_nothing(string[] args, int exitCode, string message)
    {
        await using var app = await StoresTestApp.StartAsync();
        var user = await app.CreateKeyAsync("orders:read");
        var revoked = await app.CreateKeyAsync("orders:read");
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var before = await SnapshotAsync(app);

        var resolved = args.Select(a => a.Replace("{user}", user.Record.Id, StringComparison.Ordinal).Replace("{revoked}", revoked.Record.Id, StringComparison.Ordinal)).ToArray();
        var (code, output, error) = await RunAsync(app, resolved);

        Assert.True(exitCode == code, $"exit {code}: {error}");
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("acme_live_", output, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task Arguments_that_are_not_a_keys_command_are_left_to_the_app()
    {
        await using var app = await StoresTestApp.StartAsync();

        Assert.False(await app.App.RunRampartCommandAsync([]));
        Assert.False(await app.App.RunRampartCommandAsync(["--urls", "http://localhost:5000"]));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(StoresTestApp app, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RampartKeysCommand.InvokeAsync(app.App.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> SnapshotAsync(StoresTestApp app)
    {
        var page = await app.Keys.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize });
        return string.Join('\n', page.Items.Select(r => $"{r.Id} {r.Name} {r.Version} {string.Join(',', r.Scopes)} {r.ExpiresAt:O} {r.RevokedAt:O} {r.ReplacedBy}"));
    }
}
