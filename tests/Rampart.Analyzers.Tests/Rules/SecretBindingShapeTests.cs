using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Shapes of code that bind a secret to its name in less direct ways: plural members, encoding
/// suffixes, tuple elements, configuration fallbacks and constant interpolated strings.
/// </summary>
public class SecretBindingShapeTests
{
    private static readonly string Random = TestSecrets.RandomText(32);
    private static readonly string Other = TestSecrets.RandomText(32, seed: 7);

    [Fact]
    public async Task Plural_members_encoding_suffixes_and_tuple_elements_name_the_secret()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System.Collections.Generic;

            class C
            {
                private static readonly List<string> PartnerApiKeys = new() { {|RMP0003:"{{Random}}"|}, {|RMP0003:"{{Other}}"|} };
                private static readonly string[] ClientSecrets = { {|RMP0003:"{{Random}}"|} };
                private static readonly HashSet<string> SecretKeys = new HashSet<string> { {|RMP0003:"{{Other}}"|} };
                private const string PrivateKeyBase64 = {|RMP0003:"{{Random}}"|};
                private const string SecretHex = {|RMP0003:"{{Other}}"|};
                private const string SigningKeyPem = {|RMP0003:"{{Random}}"|};
                private static readonly (string User, string Password) Admin = ("admin", {|RMP0003:"{{Random}}"|});
                private static readonly (string Name, string Value) Pair = ("Password", {|RMP0003:"{{Other}}"|});

                void M()
                {
                    var (user, password) = ("admin", {|RMP0003:"{{Random}}"|});
                    var named = (User: "admin", Password: {|RMP0003:"{{Other}}"|});
                }
            }
            """);
    }

    [Fact]
    public async Task Tuples_in_a_collection_take_their_element_names_from_the_collection_type()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System.Collections.Generic;

            class C
            {
                private static readonly List<(string Tenant, string Secret)> Tenants = [("north", {|RMP0003:"{{Random}}"|}), ("south", {|RMP0003:"{{Other}}"|})];
                private static readonly IReadOnlyList<(string Name, string ApiKey)> Partners = new List<(string Name, string ApiKey)> { ("maps", {|RMP0003:"{{Random}}"|}) };
                private static readonly (string User, string Password)[] Admins = { ("root", {|RMP0003:"{{Other}}"|}) };
                private static readonly List<(string Tenant, string Region)> Regions = [("north", "{{Random}}")];
                private static readonly List<(string Tenant, string Id)> Ids = new() { ("south", "{{Other}}") };
            }
            """);
    }

    [Fact]
    public async Task Near_names_of_those_shapes_stay_clean()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System.Collections.Generic;

            class C
            {
                private static readonly List<string> PartnerIds = new() { "{{Random}}" };
                private static readonly string[] PublicKeys = { "{{Random}}" };
                private static readonly List<string> KeyNames = new() { "{{Other}}" };
                private const string PublicKeyBase64 = "{{Random}}";
                private const string ApiKeyBase = "{{Other}}";
                private const string TokenUrl = "{{Random}}";
                private static readonly (string User, string Region) Admin = ("admin", "{{Random}}");

                void M()
                {
                    var (user, region) = ("admin", "{{Other}}");
                }
            }
            """);
    }

    [Fact]
    public async Task The_fallback_of_a_lookup_is_named_by_its_key()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.Collections.Generic;

            interface IConfig { string this[string key] { get; } T GetValue<T>(string key); IConfig GetSection(string key); string Value { get; } }

            class C
            {
                public string MapsKey(IConfig configuration) => configuration["Maps:ApiKey"] ?? {|RMP0003:"{{Random}}"|};
                public string Smtp(IConfig configuration) => configuration.GetValue<string>("Smtp:Password") ?? {|RMP0003:"{{Other}}"|};
                public string Jwt(IConfig configuration) => configuration.GetSection("Jwt")["Secret"] ?? {|RMP0003:"{{Random}}"|};
                public string Section(IConfig configuration) => configuration.GetSection("Stripe:SecretKey").Value ?? {|RMP0003:"{{Other}}"|};
                public string Env() => Environment.GetEnvironmentVariable("API_TOKEN") ?? {|RMP0003:"{{Random}}"|};

                // Lookups of keys that do not say secret keep their fallbacks clean.
                public string Region(IConfig configuration) => configuration["Maps:Region"] ?? "{{Random}}";
                public string Url(IConfig configuration) => configuration.GetValue<string>("Smtp:PasswordResetUrl") ?? "{{Other}}";
            }
            """);
    }

    [Fact]
    public async Task A_constant_interpolated_string_is_judged_by_its_literal_parts()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string Tenant = "eu1";
                private const string EncryptionKey = {|RMP0003:$"{Tenant}-{{Random}}"|};
                private const string EncryptionKeyName = $"{Tenant}-{{Random}}";
                private const string SigningKey = $"{Tenant}-key";

                string Local(string tenant)
                {
                    const string ApiKey = {|RMP0003:$"{Tenant}:{{Other}}"|};
                    string apiKey = $"{tenant}:{{Other}}";
                    return ApiKey + apiKey;
                }
            }
            """);
    }

    [Fact]
    public async Task A_literal_credential_password_is_reported_once_where_it_is_written()
    {
        var source = $$"""
            using System.Net;

            class C
            {
                public ICredentials Proxy() => new NetworkCredential("proxy-svc", "{{Random}}", "CORP");
                public ICredentials Weak(string user) => new NetworkCredential(user, "hunter22");
            }
            """;

        // The random password is the literal rule's (RMP0003); the credential rule keeps the weak one no other rule reports.
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source.Replace($"\"{Random}\"", $"{{|RMP0003:\"{Random}\"|}}"));
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(source.Replace("\"hunter22\"", "{|RMP0005:\"hunter22\"|}"));
    }
}
