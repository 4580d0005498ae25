using Rampart.Analyzers.CodeFixes;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.CodeFixes;

public class MoveSecretToEnvironmentTests
{
    private static readonly string Random = TestSecrets.RandomText(32, 50);
    private static readonly string Key = TestSecrets.RampartKey(seed: 51);

    [Fact]
    public async Task A_secret_named_literal_becomes_an_environment_lookup()
    {
        var test = new RampartCodeFixTest<HardCodedSecretAnalyzer, MoveSecretToEnvironmentCodeFixProvider>
        {
            TestCode = $$"""
                using System;

                class C
                {
                    private string apiKey = {|RMP0003:"{{Random}}"|};
                }
                """,
            FixedCode = """
                using System;

                class C
                {
                    private string apiKey = Environment.GetEnvironmentVariable("API_KEY") ?? throw new InvalidOperationException("Set the API_KEY environment variable; secrets are not kept in source code.");
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task A_rampart_key_in_an_argument_is_replaced_and_parenthesised_where_needed()
    {
        var test = new RampartCodeFixTest<HardCodedSecretAnalyzer, MoveSecretToEnvironmentCodeFixProvider>
        {
            TestCode = $$"""
                class C
                {
                    void Send(string header) { }

                    void M()
                    {
                        Send({|RMP0001:"{{Key}}"|});
                        var length = {|RMP0001:"{{Key}}"|}.Length;
                    }
                }
                """,
            FixedCode = """
                class C
                {
                    void Send(string header) { }

                    void M()
                    {
                        Send(System.Environment.GetEnvironmentVariable("RAMPART_API_KEY") ?? throw new System.InvalidOperationException("Set the RAMPART_API_KEY environment variable; secrets are not kept in source code."));
                        var length = (System.Environment.GetEnvironmentVariable("RAMPART_API_KEY") ?? throw new System.InvalidOperationException("Set the RAMPART_API_KEY environment variable; secrets are not kept in source code.")).Length;
                    }
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_replaces_every_literal_it_safely_can()
    {
        var test = new RampartCodeFixTest<HardCodedSecretAnalyzer, MoveSecretToEnvironmentCodeFixProvider>
        {
            TestCode = $$"""
                using System;

                class C
                {
                    private const string DbPassword = {|RMP0003:"{{Random}}"|};
                    private string clientSecret = {|RMP0003:"{{Random}}"|};
                    private string connection = {|RMP0004:"Server=db;User Id=app;Password=Xk9#mQ2vLp;"|};
                }
                """,
            FixedCode = $$"""
                using System;

                class C
                {
                    private const string DbPassword = {|RMP0003:"{{Random}}"|};
                    private string clientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET") ?? throw new InvalidOperationException("Set the CLIENT_SECRET environment variable; secrets are not kept in source code.");
                    private string connection = Environment.GetEnvironmentVariable("CONNECTION") ?? throw new InvalidOperationException("Set the CONNECTION environment variable; secrets are not kept in source code.");
                }
                """,
            NumberOfFixAllIterations = 1,
        };
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        await test.RunAsync();
    }
}
