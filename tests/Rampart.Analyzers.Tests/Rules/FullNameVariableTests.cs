using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A parameter or local called fullName is a person's name unless where it lives or where its value
/// comes from says it is a file's, a type's or another thing's full name.
/// </summary>
public class FullNameVariableTests
{
    [Fact]
    public async Task A_plain_full_name_is_a_persons_name()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                public sealed class Member { public string FirstName { get; set; } = ""; public string FullName { get; set; } = ""; }

                static partial class Audit
                {
                    [LoggerMessage(50, LogLevel.Information, "{FullName} signed up")]
                    public static partial void SignedUp(ILogger logger, string {|RMP0008:fullName|});
                }

                class Signups
                {
                    void Joined(ILogger logger, string fullName) => logger.LogInformation("{FullName} joined", {|RMP0008:fullName|});

                    void Greeted(ILogger logger, string first, string last)
                    {
                        var fullName = $"{first} {last}";
                        logger.LogInformation("Welcome {Name}", {|RMP0008:fullName|});
                    }

                    void Renamed(ILogger logger, Member member)
                    {
                        var fullName = member.FullName;
                        logger.LogInformation("Renamed {Name}", {|RMP0008:fullName|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Full_names_of_files_types_and_other_things_stay_quiet()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.IO;
                using Microsoft.Extensions.Logging;

                public sealed class FileSystemMetadata { public string FullName { get; set; } = ""; }

                static partial class Audit
                {
                    [LoggerMessage(51, LogLevel.Debug, "Loaded {FullName}")]
                    public static partial void AssemblyLoaded(ILogger logger, string fullName);
                }

                class Scanner
                {
                    void Moved(ILogger logger, FileInfo file)
                    {
                        var fullName = file.FullName;
                        logger.LogInformation("Moved {Path}", fullName);
                    }

                    void Seen(ILogger logger, FileSystemMetadata child)
                    {
                        var fullName = child.FullName;
                        logger.LogDebug("{Path} is a series folder", fullName);
                    }

                    void Resolved(ILogger logger, string relative)
                    {
                        var fullName = Path.GetFullPath(relative);
                        logger.LogDebug("Resolved {Path}", fullName);
                    }

                    void Found(ILogger logger, string fullName, Type type) => logger.LogDebug("{FullName} found as {Type}", fullName, type);
                }

                class RepositorySync
                {
                    void Disconnected(ILogger logger, string fullName) => logger.LogInformation("{FullName} is no longer visible", fullName);
                }
            }
            """);
    }
}
