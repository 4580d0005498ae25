using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A database product's name as a local instance's password, a local database in an EF Core
/// design-time factory, and keyboard-walk passwords in test projects, each next to a neighbour that
/// is still reported.
/// </summary>
public class LocalDefaultsAndDesignTimeTests
{
    private const string TestProject = "is_global = true\nbuild_property.IsTestProject = true\n";

    private const string DesignTimeInterface = """
        namespace Microsoft.EntityFrameworkCore.Design { public interface IDesignTimeDbContextFactory<TContext> { TContext CreateDbContext(string[] args); } }
        class ShopContext { public ShopContext(string connectionString) { } }
        """;

    [Theory]
    [InlineData("Server=localhost;Database=shop;User=sa;Password=sqlserver;TrustServerCertificate=true")]
    [InlineData("Server=127.0.0.1,1433;Database=shop;User Id=sa;Password=SqlServer2026!?")]
    [InlineData("Host=localhost;Port=5432;Username=shop;Password=Postgres15!")]
    [InlineData("Server=(localdb)\\\\mssqllocaldb;User Id=sa;Password=MSSQL2022")]
    [InlineData("mongodb://root:mongodb@localhost:27017/shop")]
    [InlineData("amqp://guest:rabbitmq@127.0.0.1:5672/")]
    public async Task A_product_name_password_at_this_machine_is_a_default(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }

    [Theory]
    // Another host, a second word, a third symbol, a five-digit number, a second host in the list.
    [InlineData("Server=sql.prod.internal;Database=shop;User=sa;Password=sqlserver")]
    [InlineData("Server=localhost;Database=shop;User=sa;Password=SqlServerProd2026!")]
    [InlineData("Server=localhost;Database=shop;User=sa;Password=SqlServer2026!?#")]
    [InlineData("Server=localhost;Database=shop;User=sa;Password=SqlServer20261")]
    [InlineData("Host=localhost,pg2.internal;Username=shop;Password=postgres")]
    [InlineData("Host=localhost,pg2.internal;Username=shopuser;Password=shopuser")]
    [InlineData("Host=localhost;Username=shop;Password=Xk9#mQ2vRt8")]
    [InlineData("mongodb://root:mongodb@mongo.prod.internal:27017/shop")]
    public async Task Other_hosts_and_other_passwords_are_still_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = {|RMP0004:"{{text}}"|};
            }
            """);
    }

    [Fact]
    public void The_product_name_default_takes_the_whole_password()
    {
        Assert.True(ConnectionCredentials.IsProductNameDefault("sqlserver"));
        Assert.True(ConnectionCredentials.IsProductNameDefault("MySql8!"));
        Assert.False(ConnectionCredentials.IsProductNameDefault("mysqlpassword"));
        Assert.False(ConnectionCredentials.IsProductNameDefault("my-postgres"));
        Assert.False(ConnectionCredentials.IsProductNameDefault("Postgres12345"));
    }

    [Theory]
    [InlineData("Host=localhost;Database=shop;Username=shop;Password=H4rd2Gu3ss!")]
    [InlineData("Server=(localdb)\\\\mssqllocaldb;Database=shop;Trusted_Connection=False;User Id=dev;Password=Str0ng!Passw0rd")]
    [InlineData("Server=127.0.0.1;Database=shop;Uid=root;Pwd=1q2w3e$R")]
    public async Task A_local_database_in_a_design_time_factory_is_a_developers(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(DesignTimeInterface + $$"""
            class ShopContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ShopContext>
            {
                private const string Local = "{{text}}";

                public ShopContext CreateDbContext(string[] args) => new ShopContext("{{text}}");
            }

            class Startup
            {
                ShopContext Create() => new ShopContext({|RMP0004:"{{text}}"|});
            }
            """);
    }

    [Theory]
    // A remote host, a random password, no host at all.
    [InlineData("Host=orders-db.internal;Database=shop;Username=shop;Password=H4rd2Gu3ss!")]
    [InlineData("Host=localhost;Database=shop;Username=shop;Password=Xk9mP2qR7vL4nB8w")]
    [InlineData("Database=shop;Username=shop;Password=H4rd2Gu3ss!")]
    public async Task Other_connection_strings_in_a_design_time_factory_are_still_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(DesignTimeInterface + $$"""
            class ShopContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ShopContext>
            {
                public ShopContext CreateDbContext(string[] args) => new ShopContext({|RMP0004:"{{text}}"|});
            }
            """);
    }

    [Fact]
    public async Task OnConfiguring_and_other_factories_are_not_design_time_only()
    {
        // OnConfiguring runs whenever the context is made without options, in the application too.
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(DesignTimeInterface + """
            interface IDbContextFactory<TContext> { TContext CreateDbContext(); }

            class ShopDbContext
            {
                protected void OnConfiguring(object optionsBuilder) => Use({|RMP0004:"Host=localhost;Username=shop;Password=H4rd2Gu3ss!"|});
                static void Use(string connectionString) { }
            }

            class RuntimeFactory : IDbContextFactory<ShopContext>
            {
                public ShopContext CreateDbContext() => new ShopContext({|RMP0004:"Host=localhost;Username=shop;Password=H4rd2Gu3ss!"|});
            }
            """);
    }

    [Fact]
    public async Task Design_time_factories_are_reported_when_teams_ask_for_fixtures()
    {
        var test = new RampartAnalyzerTest<HardCodedSecretAnalyzer>
        {
            TestCode = DesignTimeInterface + """
                class ShopContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ShopContext>
                {
                    public ShopContext CreateDbContext(string[] args) => new ShopContext({|RMP0004:"Host=localhost;Username=shop;Password=H4rd2Gu3ss!"|});
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nrampart.report_test_fixtures = true\n"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("1q2w3e$R")]
    [InlineData("qwerty123!")]
    [InlineData("1qaz2wsx")]
    [InlineData("Asdf1234!")]
    [InlineData("Zxcvbnm1!")]
    [InlineData("1q2w3e4r5t")]
    public async Task A_keyboard_walk_is_a_fixture_in_a_test_project_and_a_secret_elsewhere(string password)
    {
        Assert.True(TestFixtureCredentials.IsKeyboardWalk(password));
        var source = $$"""
            class UserFixture
            {
                private const string AdminPassword = {|RMP0003:"{{password}}"|};
            }
            """;

        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await InTestProject(source.Replace("{|RMP0003:", "").Replace("\"|}", "\""));
    }

    [Theory]
    // Three or more symbols, a broken walk, a random tail, runs of two keys.
    [InlineData("1q2w3e$R%^")]
    [InlineData("1q9z2wkx")]
    [InlineData("qwerty7Xk2")]
    [InlineData("q1w2e3r4t5")]
    [InlineData("qwe!@#rty")]
    public async Task Near_walks_are_still_reported_in_a_test_project(string password)
    {
        Assert.False(TestFixtureCredentials.IsKeyboardWalk(password));
        await InTestProject($$"""
            class UserFixture
            {
                private const string AdminPassword = {|RMP0003:"{{password}}"|};
            }
            """);
    }

    /// <summary>Random values of the lengths passwords have (8 to 16 characters) are almost never keyboard walks.</summary>
    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_")]
    public void Random_values_are_not_keyboard_walks(string alphabet)
    {
        var taken = TestSecrets.RandomValuesTaken(alphabet, 20000, 8, 16, TestFixtureCredentials.IsKeyboardWalk);
        Assert.True(taken.Count == 0, string.Join(" ", taken));
    }

    private static Task InTestProject(string source)
    {
        var test = new RampartAnalyzerTest<HardCodedSecretAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestProject));
        return test.RunAsync();
    }
}
