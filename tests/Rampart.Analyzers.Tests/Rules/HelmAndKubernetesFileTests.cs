using System.Text;
using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Helm values files by name and Kubernetes manifests by their text, in any folder; a Secret's
/// <c>stringData</c> as plain text and its <c>data</c> as base64, beside a ConfigMap's plain <c>data</c>.
/// </summary>
public class HelmAndKubernetesFileTests
{
    private const string RedisPassword = "h7s5NHvcelOgvx81bBYZtYgq6Rrh";

    private static DiagnosticResult At(string path, int line, int column, int length, string key, string what)
        => new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan(path, line, column, line, column + length).WithArguments(key, what);

    [Theory]
    [InlineData("/0/charts/selfcare/values.yaml")]
    [InlineData("/0/deploy/values-production.yml")]
    [InlineData("/0/values.prod.yaml")]
    public async Task Secrets_in_a_Helm_values_file_are_reported(string path)
    {
        var values = "replicaCount: 3\n"
            + "redis:\n"
            + "  auth:\n"
            + "    password: \"" + RedisPassword + "\"\n"
            + "    existingSecret: selfcare-redis\n"
            + "    existingSecretPasswordKey: redis-password\n"
            + "image:\n"
            + "  tag: \"2.3.1\"\n";
        await ConfigurationFileTests.RunAsync(path, values, At(path, 4, 16, RedisPassword.Length, "redis:auth:password", "a secret value"));
    }

    [Fact]
    public async Task A_Secret_manifests_string_data_is_read_as_plain_text()
    {
        const string path = "/0/k8s/payments-secret.yaml";
        var manifest = "apiVersion: v1\n"
            + "kind: Secret\n"
            + "metadata:\n"
            + "  name: payments\n"
            + "type: Opaque\n"
            + "stringData:\n"
            + "  PAYMENTS_API_TOKEN: \"" + RedisPassword + "\"\n"
            + "  PAYMENTS_REGION: \"eu-west-1\"\n";
        await ConfigurationFileTests.RunAsync(path, manifest, At(path, 7, 24, RedisPassword.Length, "stringData:PAYMENTS_API_TOKEN", "a secret value"));
    }

    [Fact]
    public async Task A_Secret_manifests_data_is_decoded_from_base64_and_a_config_maps_data_is_not()
    {
        const string path = "/0/manifests/cache.yml";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(RedisPassword));
        var user = Convert.ToBase64String(Encoding.UTF8.GetBytes("selfcare"));
        var manifest = "apiVersion: v1\n"
            + "kind: ConfigMap\n"
            + "metadata:\n"
            + "  name: cache-settings\n"
            + "data:\n"
            + "  REDIS_PASSWORD_FILE: \"/run/secrets/redis\"\n"
            + "  REDIS_PASSWORD_HINT: \"" + encoded + "\"\n"
            + "---\n"
            + "apiVersion: v1\n"
            + "kind: Secret\n"
            + "metadata:\n"
            + "  name: cache\n"
            + "data:\n"
            + "  REDIS_USER: " + user + "\n"
            + "  REDIS_PASSWORD: " + encoded + "\n"
            + "  REDIS_TLS_KEY: \"not base64!\"\n";
        await ConfigurationFileTests.RunAsync(path, manifest, At(path, 15, 19, encoded.Length, "data:REDIS_PASSWORD", "a secret value, base64-encoded"));
    }

    [Fact]
    public async Task Yaml_that_is_no_manifest_compose_or_values_file_is_not_read()
    {
        var text = "jobs:\n  deploy:\n    env:\n      REDIS_PASSWORD: \"" + RedisPassword + "\"\n";
        await ConfigurationFileTests.RunAsync("/0/k8s/pipeline.yaml", text);
        await ConfigurationFileTests.RunAsync("/0/charts/selfcare/Chart.yaml", "apiVersion: v2\nname: selfcare\nversion: 1.0.0\npassword: \"" + RedisPassword + "\"\n");
    }
}
