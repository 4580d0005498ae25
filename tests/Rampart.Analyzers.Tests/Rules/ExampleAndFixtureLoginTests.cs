using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Connection strings and URIs that are examples or local defaults, and configured service logins,
/// each next to a neighbour that is still reported.
/// </summary>
public class ExampleAndFixtureLoginTests
{
    [Theory]
    // Examples quoted in help or error text, or named as a setting where the password goes.
    [InlineData("If you have an eclair server: 'type=eclair;server=http://eclair.com:4570;password=Xk9mQ2vRt8;bitcoin-host=bitcoind:37393")]
    [InlineData("type=eclair;server=http://eclair.com:4570;password=eclairpassword;bitcoin-host=bitcoind:37393")]
    [InlineData("type=phoenixd;server=http://phoenixd:9740/;password=phoenixdpassword")]
    [InlineData("https://apitoken:API_TOKEN_SECRET@charge.example.com/")]
    [InlineData("https://apitoken:Xk9mQ2vRt8LpZ@charge.example.com/")]
    [InlineData("amqp://svc:Xk9mQ2vRt8LpZ@broker.test:5672/")]
    [InlineData("Host=db.example.org;Username=app;Password=Xk9#mQ2vRt8")]
    [InlineData("Host=db;Username=app;Password=DB_PASSWORD")]
    // A local database's login whose password is its user name.
    [InlineData("Host=localhost;Username=npgsql_tests;Password=npgsql_tests;Database=npgsql_tests")]
    [InlineData("User ID=npgsql_tests;Password=npgsql_tests;Database=npgsql_tests")]
    [InlineData("Server=127.0.0.1:5432;User Id=postgres;Password=postgres")]
    // "password" cut short.
    [InlineData("Server=server;Port=5432;User Id=user;Password=passwor;Database=database;")]
    public async Task Examples_and_local_defaults_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }

    [Theory]
    // The same shapes with a real-looking password, a real host or a different user.
    [InlineData("type=eclair;server=http://eclair.com:4570;password=Xk9mQ2vRt8;bitcoin-host=bitcoind:37393")]
    [InlineData("Server=db;Database=orders;User Id=app;Password=Xk9#mQ2v;Multiple Active Result Sets=true")]
    [InlineData("https://apitoken:Xk9mQ2vRt8LpZ@charge.example.co/")]
    [InlineData("https://apitoken:ApiTokenSecret7@charge.internal/")]
    [InlineData("amqp://svc:Xk9mQ2vRt8LpZ@broker.testing.io:5672/")]
    [InlineData("Host=db.prod.internal;Username=npgsql_tests;Password=npgsql_tests;Database=npgsql_tests")]
    [InlineData("Host=localhost;Username=app;Password=Xk9#mQ2vRt8")]
    [InlineData("Host=db;Username=app;Password=K9_X2Q7_ZPRT")]
    [InlineData("Host=db;Username=app;Password=Tr0ub4dor&3horse")]
    public async Task Real_looking_passwords_are_still_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = {|RMP0004:"{{text}}"|};
            }
            """);
    }

    [Fact]
    public async Task A_configured_service_login_is_not_a_persons()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                class SSHSettings { public string Username { get; set; } = ""; public string Server { get; set; } = ""; }
                class SmtpOptions { public string Email { get; set; } = ""; }
                class UserSettings { public string Username { get; set; } = ""; }
                class AccountOptions { public string Email { get; set; } = ""; }
                class Login { public string Username { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, SSHSettings ssh, SmtpOptions smtp, UserSettings mine, AccountOptions account, Login login)
                    {
                        logger.LogInformation($"Connecting to {ssh.Username}@{ssh.Server}");
                        logger.LogInformation("Mail from {From}", smtp.Email);
                        logger.LogInformation("User {User}", {|RMP0008:mine.Username|});
                        logger.LogInformation("Account {Mail}", {|RMP0008:account.Email|});
                        logger.LogInformation("Signed in {User}", {|RMP0008:login.Username|});
                    }
                }
            }
            """);
    }
}
