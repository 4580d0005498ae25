using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class KeyFieldAndCommandLineTests
{
    [Fact]
    public async Task Constant_bytes_in_key_named_fields_are_reported()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync("""
            using System.Text;

            class C
            {
                static readonly byte[] WebhookKey = {|RMP0005:Encoding.ASCII.GetBytes("payouts-webhook-hmac")|};
                static readonly byte[] Key = {|RMP0005:[0x3A, 0x9F, 0x11, 0xC4, 0x52, 0x07, 0xE8, 0x6D, 0xB1, 0x2C, 0x94, 0x5E, 0x70, 0xAF, 0x38, 0xD2]|};
                static readonly byte[] PublicKey = [0x3A, 0x9F, 0x11, 0xC4, 0x52, 0x07, 0xE8, 0x6D, 0xB1, 0x2C, 0x94, 0x5E, 0x70, 0xAF, 0x38, 0xD2];
                static readonly byte[] ShortKey = [1, 2, 3, 4];
                static readonly byte[] Magic = [0x3A, 0x9F, 0x11, 0xC4, 0x52, 0x07, 0xE8, 0x6D, 0xB1, 0x2C, 0x94, 0x5E, 0x70, 0xAF, 0x38, 0xD2];
                static readonly byte[] CacheKey = Encoding.UTF8.GetBytes("v1");
                static readonly string[] Keys = ["a", "b"];
                static readonly byte[] SigningKeyBytes = {|RMP0005:[0x14, 0x1a, 0x50, 0x89, 0x9a, 0xc7, 0x81, 0xb5, 0xbf, 0x3e, 0x5d, 0xf9, 0xc0, 0xe1, 0xb2, 0xd3]|};
                static readonly byte[] PublicKeyBytes = [0x14, 0x1a, 0x50, 0x89, 0x9a, 0xc7, 0x81, 0xb5, 0xbf, 0x3e, 0x5d, 0xf9, 0xc0, 0xe1, 0xb2, 0xd3];
                static readonly byte[] HeaderBytes = [0x14, 0x1a, 0x50, 0x89, 0x9a, 0xc7, 0x81, 0xb5, 0xbf, 0x3e, 0x5d, 0xf9, 0xc0, 0xe1, 0xb2, 0xd3];
            }
            """);
    }

    [Fact]
    public async Task A_value_after_a_secret_named_option_is_reported_and_other_options_are_not()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            static class Cli
            {
                public static int Run(params string[] args) => args.Length;

                public static int Deploy() => Run("deploy", "--user", "release", "--password", {|RMP0003:"Winter2026!Deploy"|});

                public static int Build() => Run("build", "--configuration", "Release", "--output", "artifacts/Winter2026");
            }
            """);
    }

    [Fact]
    public async Task LaunchDarkly_sdk_keys_and_shared_access_keys_in_quoted_text_are_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(""""
            class C
            {
                object Flags() => Create({|RMP0002:"sdk-0bce73f9-705d-4b29-9a39-02725ff3791f"|});
                object Mobile() => Create("mob-0bce73f9-705d-4b29-9a39-02725ff3791f");
                object Unrelated() => Create("sdk-0bce73f9-705d");

                const string LocalSettings = {|RMP0002:"""
                    { "Values": { "Bus": "Endpoint=sb://claims-test.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=ibKHMRzcJept2vjAxdx2nI+L6C6AK3l/3ARcrPMZlRM=" } }
                    """|};
                const string Named = """
                    { "Values": { "Bus": "Endpoint=sb://claims-test.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=" } }
                    """;

                static object Create(string key) => key;
            }
            """");
    }
}
