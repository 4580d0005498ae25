using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class ConnectionCredentialTests
{
    [Theory]
    [InlineData("Server=db;Database=orders;User Id=app;Password=Xk9#mQ2v;")]
    [InlineData("Host=localhost;Port=5432;Username=app;Pwd=s3cr3t-Pa55")]
    [InlineData("Data Source=sql01;Initial Catalog=Shop;User ID=sa;Password='Tr0ub4dor&3'")]
    [InlineData("postgres://app:Xk9mQ2vR@db.internal:5432/orders")]
    [InlineData("amqp://guest:q8Rt2LmZ@rabbit:5672/")]
    [InlineData("redis://:Pa55w0rdXyz@cache:6379")]
    [InlineData("sftp://backup:q8Rt2L@files.internal/p")]
    [InlineData("Host=db;Username=app;Password=blue-river-42")]
    [InlineData("ftp://us%65r:Xk9%40mQ2v@host/p")]
    [InlineData("webdav://svc:Tr0ub4dor&3@dav.internal:8091/")]
    public async Task A_literal_password_is_reported(string connectionString)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string cs = {|RMP0004:"{{connectionString}}"|};
            }
            """);
    }

    [Theory]
    [InlineData("Server=db;Database=orders;Integrated Security=true")]
    [InlineData("Server=db;Database=orders;User Id=app;Password=;")]
    [InlineData("Server=db;Database=orders;User Id=app;Password={0}")]
    [InlineData("Host=db;Username=app;Password=${DB_PASSWORD}")]
    [InlineData("Host=db;Username=app;Password=<password>")]
    [InlineData("Host=db;Username=app;Password=%DB_PASSWORD%")]
    [InlineData("Password=Xk9#mQ2v")]
    [InlineData("https://user@example.com/path")]
    [InlineData("https://example.com/a:b@c")]
    [InlineData("postgres://app:{password}@db/orders")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("The format is scheme://user:password@host")]
    [InlineData("ssh://user:pw@example.com/folder")]
    [InlineData("Server=server_read;Database=database_read;User Id=user_read;Password=password_read;")]
    [InlineData("ftp://us%65r:p%40ss@host/p")]
    [InlineData("ftp://user:p@ssw0rd@example.com/path")]
    [InlineData("ftp://testuser:testpassword@localhost:2122/")]
    [InlineData(@"file://C:\\backup@daily\\x")]
    public async Task Templates_and_passwordless_strings_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }
}
