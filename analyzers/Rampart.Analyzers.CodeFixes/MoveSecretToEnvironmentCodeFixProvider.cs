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

namespace Rampart.Analyzers.CodeFixes;

/// <summary>
/// RMP0001–RMP0004: replaces the literal with a read of an environment variable that fails with a
/// clear message when the variable is missing:
/// <c>Environment.GetEnvironmentVariable("NAME") ?? throw new InvalidOperationException("...")</c>.
/// Offered only where a non-constant expression is allowed (not in a <c>const</c>, an attribute
/// argument, a parameter default or a pattern) and for <c>string</c> values.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveSecretToEnvironmentCodeFixProvider))]
public sealed class MoveSecretToEnvironmentCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RampartRules.RampartKeyInSourceId,
        RampartRules.ProviderSecretInSourceId,
        RampartRules.SecretNamedValueId,
        RampartRules.CredentialInConnectionStringId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not ExpressionSyntax expression || !CanReplace(expression))
            {
                continue;
            }

            var name = diagnostic.Properties.TryGetValue(RampartRules.ConfigurationNameProperty, out var configured) && !string.IsNullOrEmpty(configured)
                ? configured!
                : "SECRET";
            var title = "Read the value from the environment variable " + name;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, expression, name, ct), equivalenceKey: nameof(MoveSecretToEnvironmentCodeFixProvider)),
                diagnostic);
        }
    }

    /// <summary>True when the expression may become a run-time read.</summary>
    internal static bool CanReplace(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax literal && !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return false; // UTF-8 literals are ReadOnlySpan<byte>
        }

        if (expression is not (LiteralExpressionSyntax or BinaryExpressionSyntax))
        {
            return false;
        }

        foreach (var ancestor in expression.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeArgumentSyntax:
                case CaseSwitchLabelSyntax:
                case ConstantPatternSyntax:
                case EnumMemberDeclarationSyntax:
                case EqualsValueClauseSyntax { Parent: ParameterSyntax }:
                    return false;
                case LocalDeclarationStatementSyntax local:
                    return !local.IsConst;
                case FieldDeclarationSyntax field:
                    return !field.Modifiers.Any(SyntaxKind.ConstKeyword);
                case MemberDeclarationSyntax:
                case StatementSyntax:
                    return true;
            }
        }

        return true;
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Short names when "using System;" is in scope, "System." otherwise.
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var position = expression.SpanStart;
        var environment = Resolves(model, position, "Environment", "System.Environment") ? "Environment" : "System.Environment";
        var exception = Resolves(model, position, "InvalidOperationException", "System.InvalidOperationException") ? "InvalidOperationException" : "System.InvalidOperationException";
        var message = "Set the " + name + " environment variable; secrets are not kept in source code.";
        var read = SyntaxFactory.ParseExpression(
            environment + ".GetEnvironmentVariable(\"" + name + "\") ?? throw new " + exception + "(\"" + message + "\")");
        ExpressionSyntax replacement = NeedsParentheses(expression) ? SyntaxFactory.ParenthesizedExpression(read) : read;
        replacement = replacement
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, replacement));
    }

    private static bool Resolves(SemanticModel? model, int position, string name, string metadataName)
    {
        if (model is null)
        {
            return false;
        }

        var found = model.LookupNamespacesAndTypes(position, name: name);
        return found.Length == 1 && found[0].ToDisplayString() == metadataName;
    }

    /// <summary>"??" binds loosely: keep parentheses unless the value stands alone.</summary>
    private static bool NeedsParentheses(ExpressionSyntax expression)
        => expression.Parent is not (EqualsValueClauseSyntax or ArgumentSyntax or AssignmentExpressionSyntax or ArrowExpressionClauseSyntax
            or ReturnStatementSyntax or InitializerExpressionSyntax or AnonymousObjectMemberDeclaratorSyntax or ParenthesizedExpressionSyntax);
}
