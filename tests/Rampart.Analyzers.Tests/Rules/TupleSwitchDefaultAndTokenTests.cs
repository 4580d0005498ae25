using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Secrets named by what holds them further away: a method's tuple return type, a default-value
/// attribute's member, a "…For(tenant)" method, a query parameter inside an interpolation, and Basic
/// credentials built from constants; with the pipeline tokens and made-up Rampart keys that are not.
/// </summary>
public class TupleSwitchDefaultAndTokenTests
{
    [Fact]
    public async Task A_tuple_returned_under_named_elements_is_judged_by_them()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class Legacy
            {
                public static (string User, string Password) Login() => ("sap_rfc_user", {|RMP0003:"6q9cdOQuT-#dJqGfRO"|});

                public static (string User, string Password) Fallback()
                {
                    return ("svc_batch", {|RMP0003:"Wm3#pQ8vLz2!rTk9Xy"|});
                }

                public static (string User, string Region) Where() => ("sap_rfc_user", "6q9cdOQuT-#dJqGfRO");
            }
            """);
    }

    [Fact]
    public async Task A_default_value_attribute_takes_its_members_name_and_other_attributes_do_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;
            using System.ComponentModel;

            [AttributeUsage(AttributeTargets.Property)]
            sealed class DefaultSettingAttribute(string value) : Attribute { }

            [AttributeUsage(AttributeTargets.Property)]
            sealed class SampleAttribute(string value) : Attribute { }

            sealed class PartnerSettings
            {
                [DefaultSetting({|RMP0003:"13cQ//OF889XyrScXOrzOKxwLO94mZff/du0XpBgyB4="|})]
                public string HmacKey { get; set; } = "";

                [DefaultValue({|RMP0003:"Wm3#pQ8vLz2!rTk9Xy"|})]
                public string Password { get; set; } = "";

                [Sample("13cQ//OF889XyrScXOrzOKxwLO94mZff/du0XpBgyB4=")]
                public string Signature { get; set; } = "";

                [DefaultValue("13cQ//OF889XyrScXOrzOKxwLO94mZff/du0XpBgyB4=")]
                public string Region { get; set; } = "";
            }
            """);
    }

    [Fact]
    public async Task A_secret_chosen_per_tenant_by_a_switch_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;

            static class Webhooks
            {
                public static string WebhookSecretFor(string tenant) => tenant switch
                {
                    "north" => {|RMP0003:"gIipJ/janJL2JnLTlFFCFj+ApnWNcOGt7h0VFC3ogFs="|},
                    _ => throw new ArgumentOutOfRangeException(nameof(tenant)),
                };

                public static string EndpointFor(string tenant) => tenant switch
                {
                    "north" => "gIipJ/janJL2JnLTlFFCFj+ApnWNcOGt7h0VFC3ogFs=",
                    _ => "",
                };
            }
            """);
    }

    [Fact]
    public async Task A_query_credential_inside_an_interpolation_is_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class Weather
            {
                public static string Forecast(double lat, double lon) => $"https://api.weather.example/v3?lat={lat}&lon={lon}{|RMP0003:&apikey=1a7fdb5eb22ffb7da528de1ee5d77bb1|}";
                public static string Keyed(double lat, string key) => $"https://api.weather.example/v3?lat={lat}&apikey={key}";
            }
            """);
    }

    [Fact]
    public async Task Basic_credentials_built_from_constants_are_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System;
            using System.Text;

            static class Exports
            {
                public static string Basic() => Convert.ToBase64String(Encoding.ASCII.GetBytes({|RMP0004:"exports:" + "5rI81F4nkbFH_9Kwh!"|}));
                public static string FromParameters(string user, string password) => Convert.ToBase64String(Encoding.ASCII.GetBytes(user + ":" + password));
            }
            """);
    }

    [Fact]
    public async Task Pipeline_tokens_and_rampart_keys_with_a_bad_checksum_are_not_secrets()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class Settings
            {
                public const string Password = "__ORDERS_DB_PASSWORD__";
                public const string ApiKey = "@@LEDGER_API_KEY@@";
                public const string LedgerApiKey = "ledgerly_test_3gNZEnMCNXvmghS9xHdUPsSikjGdQxk18Jon53qKrFbUpg26RT9L7r11m69qg";
                public const string Orders = "Host=pg;Database=orders;Username=orders_app;Password=__ORDERS_DB_PASSWORD__";
            }
            """);
    }
}
