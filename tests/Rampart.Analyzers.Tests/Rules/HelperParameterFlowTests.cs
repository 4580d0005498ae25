using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A helper that logs its parameter under a neutral name (a local function, a generic method of the same
/// type) logs what its callers give it; callers that give it ids and counts log nothing personal.
/// </summary>
public class HelperParameterFlowTests
{
    [Fact]
    public async Task A_local_function_logs_what_its_calls_pass_it()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                sealed class Holder { public string Postcode { get; set; } = ""; public int ClaimsCount { get; set; } public string Status { get; set; } = ""; }

                class C
                {
                    decimal Rate(ILogger logger, Holder holder, Demo.Plain plain)
                    {
                        void Audit(string what, string value) => logger.LogInformation("Rating input {What}={Value}", what, {|RMP0007:value|});
                        Audit("email", plain.Email);
                        Audit("status", holder.Status);
                        return 1m;
                    }

                    decimal Clean(ILogger logger, Holder holder)
                    {
                        void Audit(string what, string value) => logger.LogInformation("Rating input {What}={Value}", what, value);
                        Audit("claims", holder.ClaimsCount.ToString());
                        Audit("status", holder.Status);
                        return 1m;
                    }

                    decimal Masked(ILogger logger, Holder holder)
                    {
                        void AuditMasked(string value) => logger.LogInformation("Rating input {Value}", value);
                        AuditMasked(holder.Postcode);
                        return 1m;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_generic_method_of_the_type_logs_the_object_its_callers_pass()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using Demo;
                using Microsoft.Extensions.Logging;

                sealed class Auditor(ILogger<Auditor> logger)
                {
                    private void Write<T>(T item) => logger.LogDebug("Audit {Item}", {|RMP0007:item|});

                    public void Seen(Address address) => Write(address);
                }

                sealed class IdAuditor(ILogger<IdAuditor> logger)
                {
                    private void Write<T>(string kind, T id) => logger.LogDebug("Audit {Kind} {Id}", kind, id);

                    public void Seen(User user) => Write("user", user.Id);

                    public void Other(Guid id) => this.Write("other", id);
                }
            }
            """);
    }
}
