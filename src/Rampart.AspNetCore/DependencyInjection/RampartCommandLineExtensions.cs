using Rampart.AspNetCore.Management.CommandLine;

namespace Microsoft.Extensions.Hosting;

/// <summary>Lets an app built on Rampart manage its keys from its own command line.</summary>
public static class RampartCommandLineExtensions
{
    /// <summary>
    /// When <paramref name="args"/> start with <c>keys</c>, runs the key-management command against the
    /// app's services (without starting the server), sets <see cref="Environment.ExitCode"/> and returns
    /// <see langword="true"/>; the app should then return. Otherwise does nothing and returns <see langword="false"/>.
    /// The command's result is the only thing written to standard output; the app's console log lines go to standard error.
    /// </summary>
    /// <example>
    /// <code>
    /// var app = builder.Build();
    /// if (await app.RunRampartCommandAsync(args)) return;
    /// // dotnet run -- keys create --name ci --scopes orders:read --expires 90d
    /// </code>
    /// </example>
    public static async Task<bool> RunRampartCommandAsync(this IHost host, string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !string.Equals(args[0], "keys", StringComparison.Ordinal))
        {
            return false;
        }

        // Standard output carries the result only (JSON with --json); log lines go to standard error.
        CommandLineLogging.SendConsoleLogsToStandardError(host.Services);
        Environment.ExitCode = await RampartKeysCommand.InvokeAsync(host.Services, args, Console.Out, Console.Error, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
