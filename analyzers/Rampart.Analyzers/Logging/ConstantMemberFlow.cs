using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A member logged from an object the same method made with that member set to a constant
/// (<c>var user = new User { EmailAddress = SampleEmail }; … log(user.EmailAddress)</c>): the value is
/// written in the code, a seed's or a system account's, not data a person gave at run time.
/// </summary>
internal static class ConstantMemberFlow
{
    /// <summary>
    /// True when <paramref name="operation"/> is <c>local.Member</c>, and in its method the local only ever
    /// holds an object made with <c>Member = constant</c>, or what a call handed that object returns
    /// (<c>user = await repository.AddAsync(user)</c>: the stored entity), and nothing else sets the member.
    /// </summary>
    public static bool IsConstant(IOperation operation)
    {
        var (member, instance) = operation switch
        {
            IPropertyReferenceOperation { Property: { } property, Instance: ILocalReferenceOperation owner } => ((ISymbol)property, owner),
            IFieldReferenceOperation { Field: { } field, Instance: ILocalReferenceOperation owner } => (field, owner),
            _ => (null, null),
        };
        if (member is null || instance?.SemanticModel is not { } model)
        {
            return false;
        }

        var local = instance.Local;
        var body = EnclosingBody(operation.Syntax);
        if (body is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator
            || declarator.SyntaxTree != body.SyntaxTree || !body.Span.Contains(declarator.Span)
            || !MakesWithConstant(initial, member, model))
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is not AssignmentExpressionSyntax assignment)
            {
                continue;
            }

            if (assignment.Left is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local)
                && !(assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && (MakesWithConstant(assignment.Right, member, model) || HandsOn(assignment.Right, local, model))))
            {
                return false;
            }

            // "user.EmailAddress = input": the member is set from elsewhere after all.
            if (assignment.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } access
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(owner).Symbol, local)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(access.Name).Symbol, member))
            {
                return false;
            }
        }

        return true;
    }

    private static SyntaxNode? EnclosingBody(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    return null;
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return ancestor;
                case TypeDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary><c>new T { …, Member = constant, … }</c>.</summary>
    private static bool MakesWithConstant(ExpressionSyntax value, ISymbol member, SemanticModel model)
    {
        if (Strip(value) is not BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
        {
            return false;
        }

        foreach (var expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } set
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target).Symbol, member))
            {
                return model.GetConstantValue(set.Right).HasValue;
            }
        }

        return false;
    }

    /// <summary><c>await repository.AddAsync(local, …)</c>: a call given the object itself, returning it as stored.</summary>
    private static bool HandsOn(ExpressionSyntax value, ILocalSymbol local, SemanticModel model)
    {
        if (Strip(value) is not InvocationExpressionSyntax call)
        {
            return false;
        }

        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (Strip(argument.Expression) is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax Strip(ExpressionSyntax value)
    {
        while (true)
        {
            switch (value)
            {
                case AwaitExpressionSyntax awaited:
                    value = awaited.Expression;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    value = parenthesized.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } forgiven:
                    value = forgiven.Operand;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure }:
                    value = configure.Expression;
                    continue;
                default:
                    return value;
            }
        }
    }
}
