using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Management.CommandLine;

/// <summary>
/// Keeps standard output for the command's result alone (a script pipes <c>keys list --json</c> into
/// a JSON reader): while a command runs, the app's console logger writes every level to standard error.
/// </summary>
internal static class CommandLineLogging
{
    public static void SendConsoleLogsToStandardError(IServiceProvider services)
    {
        // The host is already built, so its options are not re-bound: the console logger reads the
        // threshold from this very options object on each line it writes.
        if (services.GetService<IOptionsMonitor<ConsoleLoggerOptions>>() is { } console)
        {
            console.CurrentValue.LogToStandardErrorThreshold = LogLevel.Trace;
        }
    }
}
