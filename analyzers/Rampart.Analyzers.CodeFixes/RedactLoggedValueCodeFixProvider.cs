using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rampart.Analyzers.CodeFixes;

/// <summary>
/// RMP0007 and RMP0008: wraps a logged string with a <c>Redactor</c> that is already in scope (a
/// field, property, parameter or local of type <c>Microsoft.Extensions.Compliance.Redaction.Redactor</c>):
/// <c>logger.LogInformation("{Email}", _redactor.Redact(user.Email))</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RedactLoggedValueCodeFixProvider))]
public sealed class RedactLoggedValueCodeFixProvider : CodeFixProvider
{
    private const string RedactorTypeName = "Microsoft.Extensions.Compliance.Redaction.Redactor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RampartRules.ClassifiedDataLoggedId,
        RampartRules.PersonalDataLoggedByNameId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var redactorType = model?.Compilation.GetTypeByMetadataName(RedactorTypeName);
        if (root is null || model is null || redactorType is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            if (node is not ExpressionSyntax expression || model.GetTypeInfo(expression, context.CancellationToken).Type?.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            var redactor = FindRedactor(model, expression, redactorType);
            if (redactor is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Redact the logged value with '" + redactor + "'",
                    ct => WrapAsync(context.Document, expression, redactor, ct),
                    equivalenceKey: nameof(RedactLoggedValueCodeFixProvider)),
                diagnostic);
        }
    }

    /// <summary>The name of a Redactor usable at the expression, or null.</summary>
    private static string? FindRedactor(SemanticModel model, ExpressionSyntax expression, INamedTypeSymbol redactorType)
    {
        var enclosing = model.GetEnclosingSymbol(expression.SpanStart);
        var isStatic = enclosing?.IsStatic ?? false;
        foreach (var symbol in model.LookupSymbols(expression.SpanStart))
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field when field.IsStatic || !isStatic => field.Type,
                IPropertySymbol property when property.IsStatic || !isStatic => property.Type,
                _ => null,
            };

            for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, redactorType))
                {
                    return symbol.Name;
                }
            }
        }

        return null;
    }

    private static async Task<Document> WrapAsync(Document document, ExpressionSyntax expression, string redactor, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(redactor), SyntaxFactory.IdentifierName("Redact")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
            .WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, call));
    }
}
