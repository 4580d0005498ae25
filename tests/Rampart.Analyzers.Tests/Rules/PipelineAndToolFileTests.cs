using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// RMP0006 in the files beside the code that hold credentials too: CI pipelines (a GitHub Actions
/// workflow's env and run lines, GitLab's script), <c>.npmrc</c>, <c>nuget.config</c>, a Dockerfile's
/// ENV and ARG, ini files, Terraform variables and Bicep parameters.
/// </summary>
public class PipelineAndToolFileTests
{
    private static readonly string Password = TestSecrets.RandomText(22, seed: 141);

    /// <summary>The diagnostic at the first occurrence of <paramref name="value"/> in <paramref name="text"/>.</summary>
    /// <summary>The diagnostic at the first occurrence of <paramref name="search"/>; its span is the first <paramref name="length"/> characters (all by default).</summary>
    private static DiagnosticResult At(string path, string text, string search, string key, string what, int length = -1)
    {
        var index = text.IndexOf(search, StringComparison.Ordinal);
        Assert.True(index >= 0, search + " is not in the file");
        var line = text.Take(index).Count(c => c == '\n') + 1;
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var column = index - lineStart + 1;
        return new DiagnosticResult(RampartRules.SecretInConfigurationFile)
            .WithSpan(path, line, column, line, column + (length < 0 ? search.Length : length)).WithArguments(key, what);
    }

    [Fact]
    public async Task A_workflows_env_and_the_options_of_its_run_lines_are_read()
    {
        const string path = "/0/.github/workflows/publish.yml";
        var aws = TestSecrets.AwsAccessKeyId(seed: 142);
        const string nuget = "oy2qw7b3pdkhx4py8gpan0rlykei2iiaannkksum8nlmyt";
        var workflow = "name: publish\n"
            + "env:\n"
            + "  AWS_ACCESS_KEY_ID: " + aws + "\n"
            + "  AWS_SECRET_ACCESS_KEY: " + Password + "\n"
            + "  AWS_REGION: eu-west-1\n"
            + "jobs:\n"
            + "  pack:\n"
            + "    runs-on: ubuntu-latest\n"
            + "    steps:\n"
            + "      - uses: actions/checkout@v4\n"
            + "      - run: dotnet nuget push \"out/*.nupkg\" --api-key " + nuget + " --source https://api.nuget.org/v3/index.json\n"
            + "      - run: |\n"
            + "          dotnet tool restore\n"
            + "          dotnet deploy --token " + Password.ToUpperInvariant() + " --region eu-west-1\n";
        await ConfigurationFileTests.RunAsync(
            path,
            workflow,
            At(path, workflow, aws, "env:AWS_ACCESS_KEY_ID", "an AWS access key id"),
            At(path, workflow, Password, "env:AWS_SECRET_ACCESS_KEY", "a secret value"),
            At(path, workflow, nuget, "jobs:pack:steps:run:api-key", "a NuGet.org API key"),
            At(path, workflow, Password.ToUpperInvariant(), "jobs:pack:steps:run:token", "a secret value"));
    }

    [Fact]
    public async Task Pipeline_expressions_and_variables_are_not_reported()
    {
        const string path = "/0/.github/workflows/publish.yml";
        var workflow = "jobs:\n"
            + "  pack:\n"
            + "    steps:\n"
            + "      - run: dotnet nuget push out/*.nupkg --api-key ${{ secrets.NUGET_API_KEY }} --source nuget.org\n"
            + "        env:\n"
            + "          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"
            + "          NUGET_PASSWORD: $NUGET_PASSWORD\n";
        await ConfigurationFileTests.RunAsync(path, workflow);
    }

    [Fact]
    public async Task A_GitLab_script_line_is_read_as_a_command_and_other_yaml_in_a_github_folder_is_not_a_pipeline()
    {
        const string path = "/0/.gitlab-ci.yml";
        var pipeline = "deploy:\n  script:\n    - dotnet deploy --password " + Password + "\n";
        await ConfigurationFileTests.RunAsync(path, pipeline, At(path, pipeline, Password, "deploy:script:password", "a secret value"));

        // A workflow's folder is ".github/workflows"; a dependabot file or a YAML elsewhere is not read.
        await ConfigurationFileTests.RunAsync("/0/.github/dependabot.yml", "env:\n  DEPLOY_PASSWORD: " + Password + "\n");
    }

    [Fact]
    public async Task An_npmrc_auth_token_is_reported_and_an_environment_reference_is_not()
    {
        const string path = "/0/ClientApp/.npmrc";
        var npm = TestSecrets.Npm(seed: 143);
        var npmrc = "registry=https://registry.npmjs.org/\n; a comment\n//registry.npmjs.org/:_authToken=" + npm + "\nalways-auth=true\n";
        await ConfigurationFileTests.RunAsync(path, npmrc, At(path, npmrc, npm, "//registry.npmjs.org/:_authToken", "an npm token"));
        await ConfigurationFileTests.RunAsync(path, "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
    }

    [Fact]
    public async Task A_nuget_configs_clear_text_password_is_reported_and_an_environment_reference_is_not()
    {
        const string path = "/0/nuget.config";
        string Config(string password) => "<configuration>\n  <packageSourceCredentials>\n    <internal>\n"
            + "      <add key=\"Username\" value=\"build\" />\n"
            + "      <add key=\"ClearTextPassword\" value=\"" + password + "\" />\n"
            + "    </internal>\n  </packageSourceCredentials>\n</configuration>\n";
        var config = Config(Password);
        await ConfigurationFileTests.RunAsync(path, config, At(path, config, Password, "ClearTextPassword", "a secret value"));
        await ConfigurationFileTests.RunAsync("/0/NuGet.Config", Config("%FEED_PAT%"));
    }

    [Fact]
    public async Task A_Dockerfiles_env_and_arg_values_are_reported()
    {
        const string path = "/0/src/Api/Dockerfile";
        var second = Password.ToLowerInvariant() + "Q7";
        var dockerfile = "FROM mcr.microsoft.com/dotnet/aspnet:10.0\n"
            + "# ENV Commented__ApiKey=" + Password + "x\n"
            + "ENV ASPNETCORE_URLS=http://+:8080 Payments__ApiKey=" + Password + "\n"
            + "ENV DB_PASSWORD " + second + "\n"
            + "ARG NUGET_PAT\n"
            + "RUN --mount=type=secret,id=nuget_pat,env=NUGET_PAT dotnet restore\n"
            + "ENTRYPOINT [\"dotnet\", \"Api.dll\"]\n";
        await ConfigurationFileTests.RunAsync(
            path,
            dockerfile,
            At(path, dockerfile, Password + "\n", "Payments__ApiKey", "a secret value", Password.Length),
            At(path, dockerfile, second, "DB_PASSWORD", "a secret value"));
    }

    [Fact]
    public async Task An_ini_files_password_is_reported_under_its_section()
    {
        const string path = "/0/config/ingest.ini";
        var ini = "[wire]\nhost = ftp.wire.example\nuser = metrodesk\npassword = " + Password + "\npassword_file = /etc/ingest/wire.pass\n; password = commented\n";
        await ConfigurationFileTests.RunAsync(path, ini, At(path, ini, Password, "wire:password", "a secret value"));
    }

    [Fact]
    public async Task Terraform_variables_and_Bicep_parameters_are_read_for_their_quoted_literals()
    {
        const string tfvars = "/0/infra/prod.tfvars";
        var variables = "location = \"westeurope\"\n# sql_admin_password = \"" + Password + "x\"\nsql_admin_password   = \"" + Password + "\"\nsku = 3\n";
        await ConfigurationFileTests.RunAsync(tfvars, variables, At(tfvars, variables, Password + "\"\nsku", "sql_admin_password", "a secret value", Password.Length));

        const string bicep = "/0/infra/main.bicepparam";
        var parameters = "using './main.bicep'\nparam location = 'westeurope'\nparam sqlAdminPassword = '" + Password + "'\n"
            + "param vaultPassword = az.getSecret('sub', 'rg', 'kv', 'sql-admin-password')\n";
        await ConfigurationFileTests.RunAsync(bicep, parameters, At(bicep, parameters, Password, "sqlAdminPassword", "a secret value"));
    }
}
