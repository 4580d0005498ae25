using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Options;
using Rampart.Analyzers.Secrets;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// RMP0006: the secret rules applied to configuration files given to the compiler as additional
/// files (<c>appsettings*.json</c>, <c>*settings.json</c>, <c>docker-compose*.json</c> and <c>.yml</c>, Helm values
/// files, Kubernetes manifests, CI pipelines, <c>.env</c>, <c>web.config</c>, <c>app.config</c>, <c>nuget.config</c>,
/// <c>.npmrc</c>, Dockerfiles, ini files, Terraform variables and Bicep parameters),
/// reported at the value's line and column.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationFileAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Files larger than this are not configuration files worth scanning.</summary>
    private const int MaxFileLength = 4 * 1024 * 1024;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RampartRules.SecretInConfigurationFile);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!RampartAnalyzerOptions.SkipsCompilation(start.Compilation, start.Options))
            {
                start.RegisterAdditionalFileAction(AnalyzeFile);
            }
        });
    }

    /// <summary>True for the file names this rule reads.</summary>
    internal static bool IsConfigurationFile(string path, out bool isXml) => Kind(path, out isXml) != FileKind.None;

    private enum FileKind
    {
        None,
        Json,
        Xml,
        DotEnv,
        Yaml,

        /// <summary>YAML read only when its text is a Kubernetes manifest's.</summary>
        YamlManifest,

        Ini,
        Npmrc,
        Tfvars,
        BicepParam,
        Dockerfile,
    }

    /// <summary>
    /// web.config and app.config; appsettings*.json and any *settings.json (launchSettings.json, an Azure
    /// Function's local.settings.json, a tool's settings.json); the user-secrets store's secrets.json;
    /// docker-compose*.json and compose*.json, and the same names in YAML (docker-compose.yml, compose.yaml);
    /// a Helm chart's values.yaml (values-production.yaml, values.prod.yaml); any other YAML file, read
    /// when its text is a Kubernetes manifest's;
    /// .env and .env.* files (.env.production, .env.local).
    /// </summary>
    private static FileKind Kind(string path, out bool isXml)
    {
        var name = Path.GetFileName(path);
        isXml = name.Equals("web.config", StringComparison.OrdinalIgnoreCase) || name.Equals("app.config", StringComparison.OrdinalIgnoreCase)
            || name.Equals("nuget.config", StringComparison.OrdinalIgnoreCase);
        if (isXml)
        {
            return FileKind.Xml;
        }

        if (OtherKind(name) is var other && other != FileKind.None)
        {
            return other;
        }

        if (name.Equals(".env", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.DotEnv;
        }

        if (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            // Compose files and Helm values files by name, wherever they are; other YAML only when it is a Kubernetes manifest.
            var compose = name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase);
            return compose || KubernetesManifests.IsHelmValuesFile(name) || IsPipeline(path, name) ? FileKind.Yaml : FileKind.YamlManifest;
        }

        if (!name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.None;
        }

        return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("settings.json", StringComparison.OrdinalIgnoreCase)
            || name.Equals("secrets.json", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase)
            ? FileKind.Json
            : FileKind.None;
    }

    /// <summary>
    /// Files that are not JSON, XML or YAML: an <c>.npmrc</c>, an ini file, Terraform variables
    /// (<c>terraform.tfvars</c>, <c>*.auto.tfvars</c>), a Bicep parameters file and a Dockerfile.
    /// </summary>
    private static FileKind OtherKind(string name)
    {
        if (name.Equals(".npmrc", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Npmrc;
        }

        if (name.EndsWith(".ini", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Ini;
        }

        if (name.EndsWith(".tfvars", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Tfvars;
        }

        if (name.EndsWith(".tfvars.json", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Json;
        }

        if (name.EndsWith(".bicepparam", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.BicepParam;
        }

        return DockerfileEntryReader.IsDockerfile(name) ? FileKind.Dockerfile : FileKind.None;
    }

    /// <summary>
    /// A CI pipeline's YAML: a GitHub Actions workflow (<c>.github/workflows/*.yml</c>), <c>.gitlab-ci.yml</c>,
    /// <c>azure-pipelines*.yml</c> and <c>bitbucket-pipelines.yml</c>. Their <c>env:</c> and <c>variables:</c>
    /// are read as compose files' are, and their <c>run:</c> and <c>script:</c> lines as commands.
    /// </summary>
    private static bool IsPipeline(string path, string name)
    {
        if (name.StartsWith(".gitlab-ci", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("azure-pipelines", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("bitbucket-pipelines", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var normalized = path.Replace('\\', '/');
        var slash = normalized.LastIndexOf('/');
        return slash > 0 && normalized.Substring(0, slash).EndsWith(".github/workflows", StringComparison.OrdinalIgnoreCase);
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        var kind = Kind(file.Path, out _);
        if (kind == FileKind.None)
        {
            return;
        }

        var options = RampartAnalyzerOptions.For(context.Options, file);
        if (options.IsExcluded(file.Path))
        {
            return;
        }

        var text = file.GetText(context.CancellationToken);
        if (text is null || text.Length > MaxFileLength)
        {
            return;
        }

        var content = text.ToString();
        if (kind == FileKind.YamlManifest && !KubernetesManifests.IsManifest(content))
        {
            return;
        }

        List<ConfigurationEntry> entries = kind switch
        {
            FileKind.Xml => XmlEntryReader.Read(content),
            FileKind.DotEnv => DotEnvEntryReader.Read(content),
            FileKind.Yaml or FileKind.YamlManifest => YamlEntryReader.Read(content),
            FileKind.Ini => KeyValueLineReader.Read(content, KeyValueFormat.Ini),
            FileKind.Npmrc => KeyValueLineReader.Read(content, KeyValueFormat.Npmrc),
            FileKind.Tfvars => KeyValueLineReader.Read(content, KeyValueFormat.Tfvars),
            FileKind.BicepParam => KeyValueLineReader.Read(content, KeyValueFormat.BicepParam),
            FileKind.Dockerfile => DockerfileEntryReader.Read(content),
            _ => JsonEntryReader.Read(content),
        };
        var secretData = kind is FileKind.Yaml or FileKind.YamlManifest ? KubernetesManifests.SecretDataEntries(entries) : null;
        for (var e = 0; e < entries.Count; e++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var entry = entries[e];
            var encoded = secretData is not null && secretData.Contains(e);
            if (encoded)
            {
                // A Secret's data is base64: judge the text it stands for, under the same key.
                if (KubernetesManifests.DecodeData(entry.Value) is not { } decoded)
                {
                    continue;
                }

                entry = new ConfigurationEntry(entry.Key, decoded, entry.Span);
            }

            if (Describe(entry, options) is { } description)
            {
                if (encoded)
                {
                    description += ", base64-encoded";
                }

                var location = Location.Create(file.Path, entry.Span, text.Lines.GetLinePositionSpan(entry.Span));
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.SecretInConfigurationFile, location, entry.Key, description));
            }
        }
    }

    /// <summary>What secret the entry holds, or null.</summary>
    internal static string? Describe(ConfigurationEntry entry, RampartAnalyzerOptions options)
    {
        var value = entry.Value;
        if (value.Length < 6 || options.IsAllowed(value))
        {
            return null;
        }

        if (TextScanner.Scan(value) is { } match)
        {
            return match.Rule == SecretRule.ConnectionCredential ? "a literal password in a " + match.Description : match.Description;
        }

        if (HardCodedSecretAnalyzer.IsSecretNamedValue(value, entry.Key, options))
        {
            return "a secret value";
        }

        if (value.IndexOf('=') > 0 && QueryParameters.FindCredential(value, options.SecretWords) is { } parameter
            && HardCodedSecretAnalyzer.IsCredentialParameterValue(parameter.Value, options))
        {
            return "a credential in a URL's query (" + parameter.Name + ")";
        }

        return IsAccountKey(value) && NamesAKey(entry.Key) && !DocumentedExamples.Contains(value) ? "an account key (Azure Cosmos DB or Storage)" : null;
    }

    /// <summary>
    /// 64 random bytes in base64 (86 characters and "=="): the shape of an Azure Cosmos DB or Storage account
    /// key, which such settings name plainly "Key" or "AccountKey" beside their endpoint.
    /// </summary>
    private static bool IsAccountKey(string value)
    {
        if (value.Length != 88 || value[86] != '=' || value[87] != '=')
        {
            return false;
        }

        for (var i = 0; i < 86; i++)
        {
            var c = value[i];
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '+' or '/'))
            {
                return false;
            }
        }

        return SecretText.Entropy(value) >= 5.0;
    }

    /// <summary>The setting's own name ends with "key" ("Cosmos:Key", "Storage:AccountKey", "PrimaryKey"), and is no public key.</summary>
    private static bool NamesAKey(string key)
    {
        var last = key.Substring(key.LastIndexOf(':') + 1);
        var words = NameTokenizer.Split(last.Replace("__", "_"));
        return words.Count > 0 && words[words.Count - 1] == "key" && !words.Contains("public");
    }
}
