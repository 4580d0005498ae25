using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary><c>NullRedactor</c> returns what it is given: a value it "redacts" is logged as it is.</summary>
public class NullRedactorTests
{
    [Fact]
    public async Task A_value_passed_through_NullRedactor_is_still_logged()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Compliance.Redaction;
            using Microsoft.Extensions.Logging;

            class C
            {
                private readonly ILogger _logger = null!;

                void Notify(string email, string phoneNumber)
                {
                    var redactor = NullRedactor.Instance;
                    Redactor fallback = NullRedactor.Instance;
                    _logger.LogInformation("Notifying {Email}", {|RMP0008:redactor.Redact(email)|});
                    _logger.LogInformation("Notifying {Phone}", {|RMP0008:fallback.Redact(phoneNumber)|});
                    _logger.LogInformation("Notifying {Email}", {|RMP0008:NullRedactor.Instance.Redact(email)|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_value_passed_through_another_redactor_is_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Compliance.Redaction;
            using Microsoft.Extensions.Logging;

            class C
            {
                private readonly ILogger _logger = null!;
                private readonly Redactor _redactor = null!;

                void Notify(string email, IRedactorProvider provider)
                {
                    var redactor = _redactor;
                    _logger.LogInformation("Notifying {Email}", redactor.Redact(email));
                    _logger.LogInformation("Notifying {Email}", _redactor.Redact(email));
                }
            }
            """);
    }
}
