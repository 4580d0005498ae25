using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Follows a value through LINQ on its way to a log: <c>users.Select(u =&gt; u.Email)</c> logs each
/// user's e-mail, <c>emails.Distinct().ToArray()</c> logs the e-mails, <c>users.Where(…)</c> the users.
/// </summary>
internal static class LinqFlow
{
    /// <summary>
    /// The values a System.Linq call passes on (a projection's returned expressions, or the source
    /// sequences of a filter, sort, set or conversion), or null when <paramref name="call"/> is not
    /// such a call; aggregates (<c>Count</c>, <c>Any</c>, <c>Sum</c>) pass on no value and are null too.
    /// </summary>
    public static IReadOnlyList<IOperation>? LoggedValues(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (!IsLinqType(method.ContainingType) || call.Arguments.Length == 0)
        {
            return null;
        }

        switch (method.Name)
        {
            case "Select":
            case "SelectMany":
                var returned = new List<IOperation>();
                foreach (var argument in call.Arguments)
                {
                    if (Lambda(argument.Value) is { } lambda)
                    {
                        CollectReturns(lambda.Body, returned, depth: 0);

                        // headers.Select(h => h.Key + "=" + h.Value): every entry is written, as the collection would be.
                        if (ReadsEntryValue(lambda))
                        {
                            returned.Add(call.Arguments[0].Value);
                        }
                    }
                }

                return returned;

            case "Concat":
            case "Union":
            case "Append":
            case "Prepend":
                return new[] { call.Arguments[0].Value, call.Arguments[call.Arguments.Length - 1].Value };

            case "ToList":
            case "ToArray":
            case "ToHashSet":
            case "AsEnumerable":
            case "Distinct":
            case "Where":
            case "OrderBy":
            case "OrderByDescending":
            case "ThenBy":
            case "ThenByDescending":
            case "Order":
            case "OrderDescending":
            case "Take":
            case "Skip":
            case "Reverse":
            case "DefaultIfEmpty":
            case "First":
            case "FirstOrDefault":
            case "Last":
            case "LastOrDefault":
            case "Single":
            case "SingleOrDefault":
            case "ElementAt":
            case "ElementAtOrDefault":
                return new[] { call.Arguments[0].Value };

            default:
                return null;
        }
    }

    /// <summary>
    /// The claim type a query over claims looks for: <c>claims.FirstOrDefault(c =&gt; c.Type == "given_name")</c>
    /// (also <c>First</c>, <c>Single</c>, <c>Last</c>, with the constant on either side), or null.
    /// </summary>
    public static string? ClaimTypeSought(IInvocationOperation call)
    {
        if (call.TargetMethod.Name is not ("First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault")
            || !IsLinqType(call.TargetMethod.ContainingType) || call.Arguments.Length != 2
            || Lambda(call.Arguments[1].Value) is not { Body.Operations: { Length: 1 } body } || body[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return null;
        }

        while (returned is IConversionOperation { IsImplicit: true } conversion)
        {
            returned = conversion.Operand;
        }

        if (returned is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals)
        {
            return null;
        }

        return (ClaimType(equals.LeftOperand), equals.RightOperand.ConstantValue, ClaimType(equals.RightOperand), equals.LeftOperand.ConstantValue) switch
        {
            (true, { HasValue: true, Value: string type }, _, _) => type,
            (_, _, true, { HasValue: true, Value: string type }) => type,
            _ => null,
        };
    }

    /// <summary>A claim's <c>Type</c> (System.Security.Claims.Claim).</summary>
    private static bool ClaimType(IOperation operation)
        => operation is IPropertyReferenceOperation { Property: { Name: "Type", ContainingType: { Name: "Claim" } claim } }
            && claim.ContainingNamespace?.ToDisplayString() == "System.Security.Claims";

    private static bool IsLinqType(INamedTypeSymbol? type)
        => type is { Name: "Enumerable" or "Queryable" } && type.ContainingNamespace?.ToDisplayString() == "System.Linq";

    /// <summary>The lambda an argument holds, through the delegate or expression-tree conversion.</summary>
    private static IAnonymousFunctionOperation? Lambda(IOperation value)
    {
        for (var i = 0; i < 4; i++)
        {
            switch (value)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda;
                case IDelegateCreationOperation creation:
                    value = creation.Target;
                    break;
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A lambda over key-value entries that reads its entry's <c>Value</c>.</summary>
    private static bool ReadsEntryValue(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Symbol.Parameters.Length != 1 || lambda.Symbol.Parameters[0] is not { Type: INamedTypeSymbol { Name: "KeyValuePair", Arity: 2 } } entry)
        {
            return false;
        }

        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "Value", Instance: IParameterReferenceOperation reference }
                && SymbolEqualityComparer.Default.Equals(reference.Parameter, entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The expressions a lambda's body returns (an expression body is one return).</summary>
    private static void CollectReturns(IBlockOperation body, List<IOperation> returned, int depth)
    {
        foreach (var statement in body.Operations)
        {
            if (statement is IReturnOperation { ReturnedValue: { } value })
            {
                returned.Add(value);
            }
            else if (statement is IBlockOperation nested && depth < 4)
            {
                CollectReturns(nested, returned, depth + 1);
            }
        }
    }
}
