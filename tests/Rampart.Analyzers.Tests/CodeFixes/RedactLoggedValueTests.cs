using Rampart.Analyzers.CodeFixes;
using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.CodeFixes;

public class RedactLoggedValueTests
{
    private const string Model = """
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Compliance.Redaction;
        using Microsoft.Extensions.Logging;

        public sealed class PrivateDataAttribute : DataClassificationAttribute
        {
            public PrivateDataAttribute() : base(new DataClassification("Demo", "Private")) { }
        }

        public sealed class User
        {
            [PrivateData] public string Email { get; set; } = "";
            [PrivateData] public string Name { get; set; } = "";
        }

        """;

    [Fact]
    public async Task Logged_values_are_wrapped_with_the_redactor_in_scope_fix_all_included()
    {
        var test = new RampartCodeFixTest<LoggingAnalyzer, RedactLoggedValueCodeFixProvider>
        {
            TestCode = Model + """
                class C(ILogger logger, Redactor redactor)
                {
                    void M(User user, string email)
                    {
                        logger.LogInformation("{Email} {Name}", {|RMP0007:user.Email|}, {|RMP0007:user.Name|});
                        logger.LogInformation("{Email}", {|RMP0008:email|});
                    }
                }
                """,
            FixedCode = Model + """
                class C(ILogger logger, Redactor redactor)
                {
                    void M(User user, string email)
                    {
                        logger.LogInformation("{Email} {Name}", redactor.Redact(user.Email), redactor.Redact(user.Name));
                        logger.LogInformation("{Email}", redactor.Redact(email));
                    }
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_without_a_redactor_in_scope()
    {
        const string Source = Model + """
            class C
            {
                void M(ILogger logger, User user) => logger.LogInformation("{Email}", {|RMP0007:user.Email|});
            }
            """;
        await new RampartCodeFixTest<LoggingAnalyzer, RedactLoggedValueCodeFixProvider> { TestCode = Source, FixedCode = Source }.RunAsync();
    }
}
