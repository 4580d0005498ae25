using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Rampart.Analyzers.CodeFixes;

/// <summary>
/// RMP0007 on a <c>[LoggerMessage]</c> call: adds the logged value's classification attribute to
/// the method's parameter, so the logging generator redacts it with the redactor registered for
/// that classification.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDataClassificationCodeFixProvider))]
public sealed class AddDataClassificationCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RampartRules.ClassifiedDataLoggedId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RampartRules.ClassificationAttributeProperty, out var attribute) || string.IsNullOrEmpty(attribute)
                || diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree is null)
            {
                continue;
            }

            var name = AttributeName(attribute!);
            var shortName = name.Substring(name.LastIndexOf('.') + 1);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Classify the logged parameter as [" + shortName + "]",
                    ct => AddAttributeAsync(context.Document.Project.Solution, diagnostic.AdditionalLocations[0], name, ct),
                    equivalenceKey: nameof(AddDataClassificationCodeFixProvider) + ":" + name),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>"global::N.PrivateDataAttribute" → "global::N.PrivateData".</summary>
    private static string AttributeName(string fullyQualified)
        => fullyQualified.EndsWith("Attribute", System.StringComparison.Ordinal) && !fullyQualified.EndsWith(".Attribute", System.StringComparison.Ordinal)
            ? fullyQualified.Substring(0, fullyQualified.Length - "Attribute".Length)
            : fullyQualified;

    private static async Task<Solution> AddAttributeAsync(Solution solution, Location parameterLocation, string attributeName, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(parameterLocation.SourceTree);
        if (document is null)
        {
            return solution;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var parameter = root?.FindNode(parameterLocation.SourceSpan).AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
        if (root is null || parameter is null)
        {
            return solution;
        }

        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(attributeName))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        var updated = parameter.WithAttributeLists(parameter.AttributeLists.Add(list)).WithLeadingTrivia(parameter.GetLeadingTrivia());
        if (parameter.AttributeLists.Count == 0)
        {
            updated = parameter.WithoutLeadingTrivia().WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(parameter.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(parameter, updated));
    }
}
