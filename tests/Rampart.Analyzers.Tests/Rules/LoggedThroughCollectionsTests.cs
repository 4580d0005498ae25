using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Values reach a log inside collections: scope state built as a list of key-value pairs, and LINQ
/// projections joined into the message. What the collection holds is what is logged.
/// </summary>
public class LoggedThroughCollectionsTests
{
    private const string Members = """

        namespace App
        {
            using System;
            using System.Collections.Generic;

            public sealed class Member
            {
                public Guid Id { get; set; }
                public string Email { get; set; } = "";
                public List<string> Emails { get; set; } = new();
                public string Tier { get; set; } = "";
            }
        }
        """;

    [Fact]
    public async Task Scope_state_as_a_list_of_pairs_is_judged_by_each_pair()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + Members + """

            namespace App
            {
                using System;
                using System.Collections.Generic;
                using Demo;
                using Microsoft.Extensions.Logging;

                class C
                {
                    IDisposable? Phone(ILogger logger, string phone) => logger.BeginScope(new List<KeyValuePair<string, object>> { new("Phone", {|RMP0008:phone|}) });

                    IDisposable? Mail(ILogger logger, string email, Guid orderId) => logger.BeginScope(new List<KeyValuePair<string, object?>>
                    {
                        new KeyValuePair<string, object?>("OrderId", orderId),
                        new KeyValuePair<string, object?>("Email", {|RMP0008:email|}),
                    });

                    IDisposable? Classified(ILogger logger, User user) => logger.BeginScope(new List<object> { {|RMP0007:user.Email|} });

                    IDisposable? Clean(ILogger logger, Guid orderId, string tenant) => logger.BeginScope(new List<KeyValuePair<string, object>> { new("OrderId", orderId), new("Tenant", tenant) });
                }
            }
            """);
    }

    [Fact]
    public async Task Projections_of_personal_members_are_logged()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + Members + """

            namespace App
            {
                using System.Collections.Generic;
                using System.Linq;
                using Demo;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, IEnumerable<Member> members, List<User> users, List<string> emails, IQueryable<Member> query)
                    {
                        logger.LogInformation("Digest for {Emails}", string.Join(";", members.Select(m => {|RMP0008:m.Email|})));
                        logger.LogInformation("Digest for {Emails}", string.Join(";", users.Select(u => {|RMP0007:u.Email|})));
                        logger.LogInformation("To {Emails}", members.Where(m => m.Tier == "gold").Select(m => {|RMP0008:m.Email|}).Distinct().ToArray());
                        logger.LogInformation("To {Emails}", members.SelectMany(m => {|RMP0008:m.Emails|}).ToList());
                        logger.LogInformation("To {Emails}", {|RMP0008:emails|}.ToList());
                        logger.LogInformation("To {Emails}", query.Select(m => {|RMP0008:m.Email|}).ToList());
                        logger.LogInformation("First {Email}", members.Select(m => { return {|RMP0008:m.Email|}; }).First());
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Projections_of_ids_and_aggregates_stay_quiet()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + Members + """

            namespace App
            {
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, IEnumerable<Member> members, List<System.Guid> ids, string email)
                    {
                        logger.LogInformation("Digest for {Ids}", string.Join(", ", members.Select(m => m.Id)));
                        logger.LogInformation("Ids {Ids}", string.Join(", ", ids));
                        logger.LogInformation("Tiers {Tiers}", members.Select(m => m.Tier).Distinct().ToArray());
                        logger.LogInformation("Count {Count}", members.Select(m => m.Email).Count());
                        logger.LogInformation("Known {Known}", members.Any(m => m.Email == email));
                        logger.LogInformation("Gold {Gold}", members.Where(m => m.Email.EndsWith("@example.com")).Count());
                    }
                }
            }
            """);
    }
}
