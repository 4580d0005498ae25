using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Secrets in shapes the names around them used to miss: a keyed hash's pepper, the values of a
/// dictionary of keys, a credential in a URL's query, Mailchimp's keys, RSA and DSA private keys in
/// .NET's XML form, and a compose service's command-line password.
/// </summary>
public class PepperDictionaryQueryAndXmlKeyTests
{
    [Fact]
    public async Task A_pepper_is_a_secret_and_a_salt_or_a_pepper_version_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;

            class Hashing
            {
                static readonly byte[] Pepper = Convert.FromBase64String({|RMP0003:"ZfX8a3Je1qUv93yp6P/TGUDsoPC8pvwOdMv7/e6fatQ="|});
                const string PepperV2 = {|RMP0003:"q9Vt3kLm0ZxR7wYp2sNc5bHj"|};
                const string Salt = "q9Vt3kLm0ZxR7wYp2sNc5bHj";
                const string PepperVersion = "2026-01";
            }
            """);
    }

    [Fact]
    public async Task The_values_of_a_dictionary_of_keys_are_secrets_and_a_dictionary_of_endpoints_is_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;

            class Partners
            {
                static readonly Dictionary<string, string> PartnerApiKeys = new()
                {
                    ["northwind"] = {|RMP0003:"egn382U8NbUMcORBSTRuIoJ4W5nfLkiC"|},
                    ["example"] = "NMFEUa40lOof7Byhns90OsTFTV8LySJi",
                };

                static readonly Dictionary<string, string> Tokens = new() { { "fabrikam", {|RMP0003:"NMFEUa40lOof7Byhns90OsTFTV8LySJi"|} } };

                static readonly Dictionary<string, string> PartnerEndpoints = new()
                {
                    ["northwind"] = "https://api.northwind.example/v3",
                    ["fabrikam"] = "NMFEUa40lOof7Byhns90OsTFTV8LySJi",
                };

                // A dictionary of key names: its values are names, not keys.
                static readonly Dictionary<string, string> ApiKeyHeaders = new() { ["northwind"] = "X-Api-Key" };
            }
            """);
    }

    [Fact]
    public async Task A_credential_in_a_urls_query_is_reported_and_ordinary_parameters_are_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;

            static class Forecast
            {
                public static Uri Today(string city) => new("https://api.forecast.example/v1/today?city=" + Uri.EscapeDataString(city) + {|RMP0003:"&appid=f99d3a3ca80c9bf13746edc7062f3d33"|});
                public static Uri Maps() => new({|RMP0003:"https://maps.example/api/staticmap?size=640x480&api_key=Qm7vT2xK9pLw4RzN8cYb3hJd"|});
                public static Uri Page(int page) => new("https://api.forecast.example/v1/list?page=" + page + "&sort=name&key=" + "{key}");
                public static Uri Placeholder() => new("https://api.forecast.example/v1/today?appid=YOUR_API_KEY&units=metric");
                public static Uri Video() => new("https://video.example/watch?v=dQw4w9WgXcQ&list=PL9tY0BWXOZFs1pMZ8Qx");
            }
            """);
    }

    [Fact]
    public async Task Mailchimp_keys_are_provider_secrets_and_other_hex_with_suffixes_are_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class Mail
            {
                const string Key = {|RMP0002:"e147fd081a411f4d8cf004d764a565e4-us21"|};
                const string Other = {|RMP0002:"0b5c1f2e9d8a7c6b5a4f3e2d1c0b9a8f-us6"|};
                const string Build = "e147fd081a411f4d8cf004d764a565e4-usr";
                const string Region = "e147fd081a411f4d8cf004d764a565e4-us123";
            }
            """);
    }

    [Fact]
    public async Task A_private_key_in_xml_is_reported_and_a_public_one_is_not()
    {
        const string Modulus = "JJrV4LZV3x3uXgqF8tL3ml0Po2Qo/ri/J7AwMB2YCZuKKcyseaM/bo0zmPpgAjFFRAXLsIbfHElz3hmBwOZ/KuRzmwyPi3en";
        const string D = "h+7TaGfL6XwfA5x1bX0g24Wfzn5+KTsMfr3ceLPbTm9DAa2/Q5KRrvnscrB/91rnD/K3lM8y+egrHlWKVaPqTyjI3rhMUJ75";
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            using System.Security.Cryptography;

            class Keys
            {
                static RSA Signer()
                {
                    var rsa = RSA.Create();
                    rsa.FromXmlString({|RMP0002:"<RSAKeyValue><Modulus>{{Modulus}}</Modulus><Exponent>AQAB</Exponent><D>{{D}}</D></RSAKeyValue>"|});
                    return rsa;
                }

                static RSA Verifier()
                {
                    var rsa = RSA.Create();
                    rsa.FromXmlString("<RSAKeyValue><Modulus>{{Modulus}}</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>");
                    return rsa;
                }

                const string Template = "<RSAKeyValue><Modulus></Modulus><Exponent>AQAB</Exponent><D></D></RSAKeyValue>";
            }
            """);
    }

    private static DiagnosticResult At(string path, int line, int column, int length, string key, string what)
        => new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan(path, line, column, line, column + length).WithArguments(key, what);

    [Fact]
    public async Task A_compose_services_command_line_password_and_default_pass_are_reported()
    {
        var compose = "services:\n"
            + "  cache:\n"
            + "    image: redis:7\n"
            + "    command: [\"redis-server\", \"--requirepass\", \"zILzSjqqHuFVdcRwCJmkS1lENQ5wcUhQ\", \"--appendonly\", \"yes\"]\n"
            + "  replica:\n"
            + "    command: redis-server --masterauth=Xk29vLqPz8RtW3mN --port 6380\n"
            + "  broker:\n"
            + "    image: rabbitmq:3-management\n"
            + "    environment:\n"
            + "      - RABBITMQ_DEFAULT_USER=bookings\n"
            + "      - RABBITMQ_DEFAULT_PASS=TF0GOu6eYC31XzBS43NtYypSZoeT\n"
            + "  local:\n"
            + "    command: [\"redis-server\", \"--requirepass\", \"${REDIS_PASSWORD}\"]\n"
            + "    entrypoint: [\"/bin/sh\", \"-c\", \"echo ready\"]\n";
        await ConfigurationFileTests.RunAsync(
            "/0/compose.yaml",
            compose,
            At("/0/compose.yaml", 4, 49, 32, "services:cache:command:requirepass", "a secret value"),
            At("/0/compose.yaml", 6, 40, 16, "services:replica:command:masterauth", "a secret value"),
            At("/0/compose.yaml", 11, 31, 28, "services:broker:environment:RABBITMQ_DEFAULT_PASS", "a secret value"));
    }

    [Fact]
    public async Task A_section_called_cache_does_not_hide_its_password_and_a_cache_key_is_still_no_secret()
    {
        var settings = "{\n"
            + "  \"Cache\": { \"Redis\": { \"Password\": \"Xk29vLqPz8RtW3mNq7Tb\" }, \"CacheKey\": \"Xk29vLqPz8RtW3mNq7Tb\" }\n"
            + "}\n";
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.json",
            settings,
            At("/0/appsettings.json", 2, 38, 20, "Redis:Password", "a secret value"));
    }

    [Fact]
    public async Task Malformed_commands_never_crash_the_reader()
    {
        foreach (var text in new[] { "command: [", "command: [\"--requirepass", "command: --", "command: [--a=, -, \"\"]", "entrypoint: \"-x\" '--y\n", "command: [\"--p\", \"\"]" })
        {
            await ConfigurationFileTests.RunAsync("/0/docker-compose.yml", "services:\n  a:\n    " + text + "\n");
        }
    }
}
