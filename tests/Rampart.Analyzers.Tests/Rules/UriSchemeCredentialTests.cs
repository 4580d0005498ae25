using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// The password of a URI's user information is read whatever the scheme (mail, brokers, caches,
/// databases, file transfer, directories, streaming), while an empty password, a user alone and a
/// placeholder are not credentials.
/// </summary>
public class UriSchemeCredentialTests
{
    private const string Password = "TrTZXLLKcDLNF7n0";

    [Theory]
    [InlineData("smtp"), InlineData("smtps"), InlineData("amqp"), InlineData("amqps"), InlineData("redis"), InlineData("rediss")]
    [InlineData("mongodb"), InlineData("mongodb+srv"), InlineData("postgres"), InlineData("postgresql"), InlineData("mysql")]
    [InlineData("ftp"), InlineData("ftps"), InlineData("sftp"), InlineData("ldap"), InlineData("ldaps"), InlineData("nats"), InlineData("kafka")]
    public async Task A_password_in_the_user_information_is_reported_for_every_scheme(string scheme)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                const string Uri = {|RMP0004:"{{scheme}}://receipts%40givewell.org:{{Password}}@mail-relay.internal:465"|};
            }
            """);
    }

    [Theory]
    [InlineData("smtps://receipts%40givewell.org:@mail-relay.internal:465")]
    [InlineData("smtps://receipts%40givewell.org@mail-relay.internal:465")]
    [InlineData("smtps://receipts:${SMTP_PASSWORD}@mail-relay.internal:465")]
    [InlineData("amqps://orders:<password>@rabbit.internal:5671/")]
    [InlineData("rediss://:{0}@cache.internal:6380")]
    public async Task An_empty_or_placeholder_password_is_not_reported(string uri)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                const string Uri = "{{uri}}";
            }
            """);
    }
}
