using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Members logged from an object the method made with them set to constants (a seed's sample users), next
/// to the same members once the object may hold a person's data: loaded, replaced or given an input.
/// </summary>
public class ConstantMemberLoggedTests
{
    private const string Model = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        sealed class User { public string FullName { get; set; } = ""; public string EmailAddress { get; set; } = ""; }

        interface IUserRepository
        {
            Task<User> AddAsync(User user);
            Task<User> GetByIdAsync(string id);
        }

        """;

    [Fact]
    public async Task A_sample_user_made_from_constants_and_stored_is_not_personal_data_when_logged()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Model + """
            class SampleDataService
            {
                public const string SampleEmail = "admin@sample.invalid";

                async Task Seed(ILogger logger, IUserRepository users)
                {
                    var user = new User { FullName = "Test User", EmailAddress = SampleEmail };
                    user = await users.AddAsync(user).ConfigureAwait(false);
                    logger.LogDebug("Created {FullName} - {EmailAddress}", user.FullName, user.EmailAddress);
                }

                void Made(ILogger logger)
                {
                    var admin = new User { EmailAddress = "ops@sample.invalid" };
                    logger.LogInformation("Admin {EmailAddress}", admin.EmailAddress);
                }
            }
            """);
    }

    [Fact]
    public async Task The_same_members_are_reported_once_the_object_may_hold_a_persons_data()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Model + """
            class Handlers
            {
                async Task Replaced(ILogger logger, IUserRepository users, string id)
                {
                    var user = new User { FullName = "Test User", EmailAddress = "admin@sample.invalid" };
                    user = await users.GetByIdAsync(id);
                    logger.LogDebug("Loaded {EmailAddress}", {|RMP0008:user.EmailAddress|});
                }

                void Changed(ILogger logger, string email)
                {
                    var user = new User { EmailAddress = "admin@sample.invalid" };
                    user.EmailAddress = email;
                    logger.LogInformation("Changed {EmailAddress}", {|RMP0008:user.EmailAddress|});
                }

                void NotSet(ILogger logger, string name)
                {
                    var user = new User { FullName = name, EmailAddress = "admin@sample.invalid" };
                    logger.LogInformation("Created {FullName} - {EmailAddress}", {|RMP0008:user.FullName|}, user.EmailAddress);
                }

                void Given(ILogger logger, User user)
                {
                    logger.LogInformation("Mail for {EmailAddress}", {|RMP0008:user.EmailAddress|});
                }
            }
            """);
    }
}
