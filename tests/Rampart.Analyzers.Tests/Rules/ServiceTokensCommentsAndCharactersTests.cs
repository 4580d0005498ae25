using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Package-registry, container-registry, shipping, realtime and no-code tokens by their published
/// shapes; provider tokens left in comments; Algolia's search-only key as public; secrets written as
/// characters, returned by local functions or under Hangfire's "PasswordClear".
/// </summary>
public class ServiceTokensCommentsAndCharactersTests
{
    public static TheoryData<string> ServiceTokens() => new()
    {
        "oy2g7prqse2t3zzhqouwqx7jk9rkaehvbfrnyz2ghxlg56",
        "dckr_pat_OYvR-aWDFBZZF3KqEBszLnwd-wt",
        "EZAKd38fc7ef24f8e0cd0bbf8b961f83c3169009b831460788576a9b15",
        "Authorization: Bearer EZAKd38fc7ef24f8e0cd0bbf8b961f83c3169009b831460788576a9b15",
        "patWfrCNVOFzOYZnw.af17dfa283461468fe4c138bdd4e7245407b1de8fa2b132d31520914c40eef09",
        "5HFIhb.fW0ZoF:0jEFomvbig3WHadRu38uhnsWrP3myVnFSUOW9VBw63O",
        "s13oeelx3mygx4nwv58tdl3ir4t8djd7bt5xsxlibn6eiotz4wlwFstZeMLqXR702JtvHAJCpoC7AZDOWslE",
    };

    [Theory]
    [MemberData(nameof(ServiceTokens))]
    public async Task A_service_token_is_reported_whatever_its_name(string token)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                static readonly string Deploy = {|RMP0002:"{{token}}"|};
            }
            """);
    }

    public static TheoryData<string> Lookalikes() => new()
    {
        // Too short, the wrong alphabet, a host and port, prose: none of those formats.
        "oy2" + "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq",
        "dckr_pat_OYvR-aWDFBZZF3KqEBszLnwd-w",
        "EZAKd38fc7ef24f8e0cd0bbf8b961f83c3169009b831460788576a9b1",
        "patWfrCNVOFzOYZnw.af17dfa283461468fe4c138bdd4e7245407b1de8fa2b132d31520914c40eef0",
        "db-eu1.cache1:6379",
        "orders.events:" + "partition-assignment-strategy-roundrobin",
        "s13oeelx3mygx4nwv58tdl3ir4t8djd7bt5xsxlibn6eiotz4wlwFstZeMLqXR702JtvHAJCpoC7AZD0WslE",
    };

    [Theory]
    [MemberData(nameof(Lookalikes))]
    public async Task Look_alikes_of_those_tokens_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                static readonly string Deploy = "{{text}}";
            }
            """);
    }

    [Fact]
    public async Task A_docker_configs_auth_entry_is_reported_and_an_empty_or_identity_token_entry_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(""""
            class C
            {
                const string DockerConfig = {|RMP0002:"""
                    { "auths": { "registry.example": { "auth": "Y2ktcHVzaDp4T0ljUzdPbjdTbmNtcDRqcVlxeEYzYlk=" } } }
                    """|};
                const string Anonymous = """
                    { "auths": { "registry.example": { "auth": "" } }, "credsStore": "desktop" }
                    """;
                const string UserOnly = """{ "auths": { "r.example": { "auth": "Y2ktcHVzaDo=" } } }""";
            }
            """");
    }

    [Fact]
    public async Task A_provider_token_in_a_comment_is_reported_and_a_described_format_or_a_jwt_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                void Configure()
                {
                    {|RMP0002:// ApiKey = "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";|}
                    {|RMP0002:/* old feed key: oy2g7prqse2t3zzhqouwqx7jk9rkaehvbfrnyz2ghxlg56 */|}
                    // Live keys look like sk_live_xxxxxxxxxxxxxxxxxxxxxxxx; never paste one here.
                    // Example header: Authorization: Bearer {{TestSecrets.Jwt()}}
                    // Connection: Server=db;User Id=app;Password=Xk9#mQ2vLp;
                }
            }
            """);
    }

    [Fact]
    public async Task An_Algolia_search_only_key_is_public_and_its_admin_key_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                static readonly object Search = new { appId = "KIM3Z08NBN", searchOnlyApiKey = "d979653871646c83770691877a471850" };
                const string AlgoliaSearchOnlyKey = "d8fe71f4e68693fc0fada9a20a2756e8";
                const string AlgoliaAdminApiKey = {|RMP0003:"d8fe71f4e68693fc0fada9a20a2756e8"|};
                const string SearchApiKey = {|RMP0003:"d979653871646c83770691877a471850"|};
            }
            """);
    }

    [Fact]
    public async Task Characters_a_local_function_and_a_clear_password_are_read_as_secrets()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class Filter { public string Login { get; set; } public string PasswordClear { get; set; } }

            class C
            {
                static readonly char[] ServicePassword = {|RMP0003:['u', '!', 'n', 'n', '0', 'p', 'U', '9', 'a', 'B', 'Q', 'z', 'r', 'w', 'g', 'k']|};
                static readonly char[] ApiSecret = {|RMP0003:new[] { 'u', '!', 'n', 'n', '0', 'p', 'U', '9', 'a', 'B', 'Q', 'z' }|};
                static readonly char[] AdminPassword = {|RMP0003:"u!nn0pU9aBQzrwgk"|}.ToCharArray();
                static readonly char[] Separators = [',', ';', ' ', '\t', '|', ':', '/', '-'];
                static readonly char[] PasswordSymbols = ['!', '@', '#', '$', '%', '^', '&', '*', '(', ')'];

                Filter Dashboard() => new Filter { Login = "payroll-ops", PasswordClear = {|RMP0003:"pkQqs8-TBXA5.o0."|} };

                string Build()
                {
                    return PrivateToken() + Label();

                    static string PrivateToken() => {|RMP0003:"3r3AjUP12kreF5U8XM3UtPEDYNYke2bd"|};
                    static string Label() => "3r3AjUP12kreF5U8XM3UtPEDYNYke2bd";
                }
            }
            """);
    }
}
