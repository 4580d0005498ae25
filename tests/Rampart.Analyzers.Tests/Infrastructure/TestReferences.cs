using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Rampart.Analyzers.Tests.Infrastructure;

/// <summary>
/// The references of the compilations under test: the .NET and ASP.NET Core reference assemblies
/// installed with the SDK (packs/Microsoft.NETCore.App.Ref and packs/Microsoft.AspNetCore.App.Ref),
/// plus the compliance and telemetry abstractions. Built once and shared.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(() => Load(aspNetCore: true));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyWithoutAspNetCore = new(() => Load(aspNetCore: false));

    /// <summary>No package download: the references come from <see cref="All"/>.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    /// <summary>
    /// A command-line tool's references: .NET without the ASP.NET Core framework (so without
    /// Microsoft.Extensions.Hosting), with the logging, options and compliance abstractions as packages.
    /// </summary>
    public static ImmutableArray<MetadataReference> WithoutAspNetCore => LazyWithoutAspNetCore.Value;

    private static ImmutableArray<MetadataReference> Load(bool aspNetCore)
    {
        var packs = Path.Combine(DotnetRoot(), "packs");
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in aspNetCore ? new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" } : new[] { "Microsoft.NETCore.App.Ref" })
        {
            var directory = Path.Combine(packs, pack);
            var version = Directory.Exists(directory)
                ? Directory.GetDirectories(directory).OrderBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version()).LastOrDefault()
                : null;
            var reference = version is null ? null : Path.Combine(version, "ref", "net10.0");
            if (reference is null || !Directory.Exists(reference))
            {
                throw new InvalidOperationException($"The targeting pack {pack} (net10.0) was not found under {packs}; install the .NET 10 SDK.");
            }

            foreach (var dll in Directory.GetFiles(reference, "*.dll"))
            {
                builder.Add(MetadataReference.CreateFromFile(dll));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location));
        builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.LogPropertiesAttribute).Assembly.Location));
        if (!aspNetCore)
        {
            // In the ASP.NET Core framework otherwise; a tool takes them as packages.
            builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));
            builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));
            builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Options.IOptions<>).Assembly.Location));
            builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Primitives.StringValues).Assembly.Location));
        }

        return builder.ToImmutable();
    }

    private static string DotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "packs")))
        {
            return fromEnvironment;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
    }
}
