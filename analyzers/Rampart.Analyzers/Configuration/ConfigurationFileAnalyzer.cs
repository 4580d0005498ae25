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
/// files (<c>appsettings*.json</c>, <c>launchSettings.json</c>, <c>web.config</c>, <c>app.config</c>),
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
    internal static bool IsConfigurationFile(string path, out bool isXml)
    {
        var name = Path.GetFileName(path);
        isXml = name.Equals("web.config", StringComparison.OrdinalIgnoreCase) || name.Equals("app.config", StringComparison.OrdinalIgnoreCase);
        return isXml
            || name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase)
            || (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        if (!IsConfigurationFile(file.Path, out var isXml))
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
        List<ConfigurationEntry> entries = isXml ? XmlEntryReader.Read(content) : JsonEntryReader.Read(content);
        foreach (var entry in entries)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (Describe(entry, options) is { } description)
            {
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

        return HardCodedSecretAnalyzer.IsSecretNamedValue(value, entry.Key, options) ? "a secret value" : null;
    }
}
