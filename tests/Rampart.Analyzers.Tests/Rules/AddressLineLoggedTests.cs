using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class AddressLineLoggedTests
{
    [Fact]
    public async Task Address_lines_are_personal_by_name_and_line_numbers_are_not()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class PostalAddress { public string Line1 { get; set; } = ""; public string AddressLine2 { get; set; } = ""; public string Street { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, PostalAddress address, int lineNumber, string line, int lineCount)
                    {
                        logger.LogInformation("Ship to {AddressLine}", {|RMP0008:address.Line1|});
                        logger.LogInformation("Ship to {Second}", {|RMP0008:address.AddressLine2|});
                        logger.LogInformation("Ship to {Street}", {|RMP0008:address.Street|});
                        logger.LogInformation("Parse error at {Line} of {Count}: {Text}", lineNumber, lineCount, line);
                    }
                }
            }
            """);
    }
}
