using System.Security.Cryptography;
using System.Text.Json;

namespace Rampart.Samples.Tests;

/// <summary>
/// Runs the sample's own entry point with <c>keys ... --json</c>, as a script would, and reads its
/// standard output with a JSON parser: log lines (made plentiful here) must all be on standard error.
/// </summary>
public sealed class CommandLineOutputTests
{
    [Fact]
    public async Task Json_output_of_the_keys_commands_is_JSON_only_and_the_log_lines_go_to_standard_error()
    {
        var root = SampleProcess.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("rampart-cli-");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Rampart__Keys__Peppers__1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rampart__Store__Sqlite__Path"] = Path.Combine(work.FullName, "keys.db"),
            ["Rampart__Logging__Store__ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "audit.db")}",

            // Every category at Trace, so that anything logged while a command runs would show up.
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
        };

        try
        {
            var (createdOut, createdErr) = await RunAsync(root, environment, "keys", "create", "--name", "ci deploy", "--scopes", "orders:read orders:write", "--org", "acme", "--json");
            var created = JsonDocument.Parse(createdOut).RootElement;
            var id = created.GetProperty("record").GetProperty("id").GetString();
            Assert.StartsWith("ord_test_", created.GetProperty("key").GetString(), StringComparison.Ordinal);

            var (listOut, listErr) = await RunAsync(root, environment, "keys", "list", "--json");
            var listed = JsonDocument.Parse(listOut).RootElement;
            var item = Assert.Single(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
            Assert.Equal("ci deploy", item.GetProperty("name").GetString());

            var (statsOut, _) = await RunAsync(root, environment, "keys", "stats", "--json");
            JsonDocument.Parse(statsOut);

            // The app did log while the commands ran: to standard error, in the console logger's format.
            Assert.Contains(": Rampart", createdErr + listErr, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(string Out, string Err)> RunAsync(string root, Dictionary<string, string> environment, params string[] arguments)
    {
        // The sample as built beside this test project (same configuration), run from its folder as `dotnet run` would.
        var testOutput = Path.GetRelativePath(Path.Combine(root, "tests", "Rampart.Samples.Tests"), AppContext.BaseDirectory);
        var project = Path.Combine(root, "samples", "Rampart.Samples.Orders");
        var assembly = Path.Combine(project, testOutput, "Rampart.Samples.Orders.dll");
        Assert.True(File.Exists(assembly), $"The sample was not built at {assembly}.");

        using var process = SampleProcess.Start("dotnet", ["exec", assembly, .. arguments], project, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Generous: a busy machine makes the process slow, not the test wrong.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var (output, error) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; standard error:\n{error}");
        return (output, error);
    }
}
