using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// An Orleans grain's primary key is its id, and a running total is an amount: neither is a secret. A key
/// given a personal name (<c>var email = GetPrimaryKeyString()</c>) is judged by that name.
/// </summary>
public class GrainKeyAndRunningTotalTests
{
    private const string Orleans = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        namespace Orleans
        {
            public abstract class Grain
            {
                public string GetPrimaryKeyString() => "";
                public long GetPrimaryKeyLong() => 0;
            }

            public interface IGrainWithStringKey { }
        }

        """;

    [Fact]
    public Task A_grain_key_and_a_running_total_stay_quiet_and_a_key_named_as_an_email_is_reported()
        => Verify<LoggingAnalyzer>.AnalyzerAsync(Orleans + """
            public sealed class CampaignGrain(ILogger<CampaignGrain> logger) : Orleans.Grain, Orleans.IGrainWithStringKey
            {
                private decimal _total;

                public Task OnActivate()
                {
                    var campaignCode = GetPrimaryKeyString();
                    logger.LogInformation("Campaign grain activated for {Campaign}", campaignCode);
                    return Task.CompletedTask;
                }

                public Task Add(decimal amount)
                {
                    _total += amount;
                    logger.LogDebug("Campaign {Campaign} total now {Total} ({Shard})", GetPrimaryKeyString(), _total, GetPrimaryKeyLong());
                    return Task.CompletedTask;
                }
            }

            public sealed class SupporterGrain(ILogger<SupporterGrain> logger) : Orleans.Grain, Orleans.IGrainWithStringKey
            {
                public Task OnActivate()
                {
                    var email = GetPrimaryKeyString();
                    logger.LogInformation("Supporter grain activated for {Email}", {|RMP0008:email|});
                    return Task.CompletedTask;
                }
            }
            """);
}
