using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Console and Trace writes are the log of a service (a web application or a hosted worker: stdout is
/// what the container runtime collects), not of a command-line tool, where they are the user interface.
/// Debug writes are compiled out of release builds and never count.
/// </summary>
public class ConsoleAndTraceWritesTests
{
    private const string Writes = """
        namespace App
        {
            using System;
            using System.Diagnostics;
            using System.Net;

            public sealed record Signup(string Email, int Attempts);

            class C
            {
                static readonly TraceSource Source = new("App");

                void M(string email, string phoneNumber, string nationalId, IPAddress remote, Signup signup)
                {
                    Console.WriteLine($"Registered {[|email|]}");
                    Console.Error.WriteLine("SMS failed for " + [|phoneNumber|]);
                    Console.Out.WriteLine("SMS to {0}", [|phoneNumber|]);
                    Console.WriteLine("client connected from " + [|remote|]);
                    Console.WriteLine([|signup|]);
                    Trace.TraceInformation("Checking {0}", [|nationalId|]);
                    Trace.WriteLineIf(true, [|email|]);
                    Source.TraceEvent(TraceEventType.Warning, 3, "Retry for {0}", [|email|]);
                }
            }
        }
        """;

    private const string Clean = """
        namespace App
        {
            using System;
            using System.Diagnostics;

            class C
            {
                void M(string email, int migrations, int port, string userId, string password)
                {
                    Console.WriteLine($"Applied {migrations} migrations");
                    Console.WriteLine("Listening on port {0}", port);
                    Console.WriteLine($"Signed in {userId}");
                    Console.WriteLine($"E-mails sent: {email.Length}");
                    Trace.TraceWarning("Configuration section 'Smtp' is missing");
                    Debug.WriteLine($"login {email}:{password}");
                    Debug.Print("Registered {0}", email);
                }
            }
        }
        """;

    [Fact]
    public async Task Console_and_trace_writes_of_personal_data_count_in_a_web_application()
    {
        // The analyzer tests' compilations reference the ASP.NET Core framework, as a web project does.
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Mark(Writes));
    }

    [Fact]
    public async Task Ids_counts_literal_text_and_debug_writes_are_not_reported_in_a_web_application()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Clean);
    }

    [Fact]
    public async Task Console_and_trace_writes_do_not_count_in_a_command_line_tool()
    {
        // The same writes compiled without ASP.NET Core or Microsoft.Extensions.Hosting: stdout is the tool's output.
        await Verify<LoggingAnalyzer>.ToolAnalyzerAsync(Writes.Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tool_still_has_its_ILogger_calls_checked()
    {
        await Verify<LoggingAnalyzer>.ToolAnalyzerAsync("""
            namespace Tool
            {
                using System;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string email)
                    {
                        Console.WriteLine($"Registered {email}");
                        logger.LogInformation("Registered {Email}", {|RMP0008:email|});
                    }
                }
            }
            """);
    }

    private static string Mark(string source) => source.Replace("[|", "{|RMP0008:", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal);
}
