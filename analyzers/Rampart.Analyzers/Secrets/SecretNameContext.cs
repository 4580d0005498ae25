using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// Finds, from syntax alone, the name a value is bound to: the field, property, local or parameter
/// it initialises, the member it is assigned to, the named argument it is passed as, or the
/// dictionary key it is stored under.
/// </summary>
internal static partial class SecretNameContext
{
    public static string? NameFor(ExpressionSyntax value)
    {
        SyntaxNode node = ValueOf(value);
        var parent = node.Parent;

        // Look through parentheses, casts, "?? fallback", "c ? a : b", switch arms, the elements of
        // a collection and the conversions of text to key bytes: the value keeps its name.
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or SwitchExpressionArmSyntax or SwitchExpressionSyntax
                or ExpressionElementSyntax or CollectionExpressionSyntax
            || (parent is InitializerExpressionSyntax elements && (elements.IsKind(SyntaxKind.ArrayInitializerExpression) || elements.IsKind(SyntaxKind.CollectionInitializerExpression)))
            || (parent is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax && node is InitializerExpressionSyntax)
            || (parent is BinaryExpressionSyntax coalesce && coalesce.IsKind(SyntaxKind.CoalesceExpression) && coalesce.Right == node)
            || (parent is ConditionalExpressionSyntax conditional && conditional.Condition != node))
        {
            if (parent is SwitchExpressionArmSyntax arm && arm.Expression != node)
            {
                return null; // the pattern or guard of an arm, not its value
            }

            node = parent is ExpressionSyntax or InitializerExpressionSyntax ? ValueOf((ExpressionSyntax)parent) : parent;
            parent = node.Parent;
        }

        switch (parent)
        {
            // "header == \"...\"": the value compared with a secret-named one is that secret.
            case BinaryExpressionSyntax comparison when comparison.IsKind(SyntaxKind.EqualsExpression) || comparison.IsKind(SyntaxKind.NotEqualsExpression):
                return NameOfCompared(comparison.Left == node ? comparison.Right : comparison.Left);

            // "token is \"...\"", a switch on the token, "token.Equals(\"...\")": compared like "==".
            case PatternSyntax pattern:
                return NameOfMatched(pattern);

            case CaseSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax switchStatement } }:
                return NameOfCompared(switchStatement.Expression);

            case ArgumentSyntax equalsArgument when ComparedByEquals(equalsArgument) is { } compared:
                return NameOfCompared(compared);

            case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method }:
                return method.Identifier.ValueText;

            // foreach (var c in "…") secure.AppendChar(c): the characters of a SecureString, a password by its purpose.
            case ForEachStatementSyntax loop when loop.Expression == node && AppendsEachCharacter(loop):
                return "SecureStringPassword";

            // "static string PrivateToken() => \"…\"": a local function is named like a method.
            case ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax localFunction }:
                return localFunction.Identifier.ValueText;

            case ReturnStatementSyntax returnedLocally when returnedLocally.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null
                && returnedLocally.FirstAncestorOrSelf<LocalFunctionStatementSyntax>() is { } localFunction:
                return localFunction.Identifier.ValueText;

            case ReturnStatementSyntax returned when returned.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
                && returned.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null && returned.FirstAncestorOrSelf<LocalFunctionStatementSyntax>() is null:
                return method.Identifier.ValueText;

            case EqualsValueClauseSyntax equals:
                return equals.Parent switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
                    PropertyDeclarationSyntax property => property.Identifier.ValueText,
                    ParameterSyntax parameter => parameter.Identifier.ValueText,
                    _ => null,
                };

            case AssignmentExpressionSyntax assignment when assignment.Right == node:
                return assignment.Left is ImplicitElementAccessSyntax && assignment.Parent is InitializerExpressionSyntax entries
                    ? EntryName(NameOfTarget(assignment.Left), entries)
                    : NameOfTarget(assignment.Left);

            case ArrowExpressionClauseSyntax arrow:
                return arrow.Parent switch
                {
                    PropertyDeclarationSyntax property => property.Identifier.ValueText,
                    AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
                    _ => null,
                };

            case ReturnStatementSyntax { Parent: BlockSyntax { Parent: AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } } }:
                return property.Identifier.ValueText;

            case ArgumentSyntax argument:
                if (argument.NameColon is { } nameColon)
                {
                    return nameColon.Name.Identifier.ValueText;
                }

                if (argument.Parent is TupleExpressionSyntax elements && ElementName(elements, elements.Arguments.IndexOf(argument)) is { } element
                    && !string.Equals(element, "value", System.StringComparison.OrdinalIgnoreCase))
                {
                    return element;
                }

                return KeyOfPair(argument.Parent switch
                {
                    ArgumentListSyntax list => (list.Arguments.Count == 2 && list.Arguments[1] == argument ? list.Arguments[0].Expression : null),
                    TupleExpressionSyntax tuple => (tuple.Arguments.Count == 2 && tuple.Arguments[1] == argument ? tuple.Arguments[0].Expression : null),
                    _ => null,
                });

            case AttributeArgumentSyntax attributeArgument:
                return attributeArgument.NameEquals?.Name.Identifier.ValueText ?? attributeArgument.NameColon?.Name.Identifier.ValueText
                    ?? DefaultOfMember(attributeArgument);

            case AnonymousObjectMemberDeclaratorSyntax member:
                return member.NameEquals?.Name.Identifier.ValueText;

            case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression)
                && initializer.Expressions.Count == 2 && initializer.Expressions[1] == node:
                return initializer.Parent is InitializerExpressionSyntax pairs ? EntryName(KeyOfPair(initializer.Expressions[0]), pairs) : KeyOfPair(initializer.Expressions[0]);

            default:
                return null;
        }
    }

    /// <summary>
    /// The name of the element a tuple literal's position fills, from the tuple type or the
    /// deconstruction it is given to: <c>(string User, string Password) admin = ("admin", "…")</c>,
    /// <c>var (user, password) = ("admin", "…")</c>. An element called "Value" takes the pair's key instead.
    /// </summary>
    private static string? ElementName(TupleExpressionSyntax tuple, int index)
    {
        SyntaxNode? target = tuple.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            AssignmentExpressionSyntax assignment when assignment.Right == tuple => assignment.Left,
            // (string User, string Password) Login() => ("…", "…"): the method's declared return type.
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => method.ReturnType,
            ReturnStatementSyntax returned when returned.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null
                && returned.FirstAncestorOrSelf<LocalFunctionStatementSyntax>() is null => returned.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.ReturnType,
            ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } => ElementType(DeclaredType(collection.Parent)),
            InitializerExpressionSyntax initializer => ElementType(initializer.Parent switch
            {
                ObjectCreationExpressionSyntax creation => creation.Type,
                ArrayCreationExpressionSyntax array => array.Type,
                ImplicitObjectCreationExpressionSyntax implicitCreation => DeclaredType(implicitCreation.Parent),
                EqualsValueClauseSyntax clause => DeclaredType(clause),
                _ => null,
            }),
            _ => null,
        };

        switch (target)
        {
            case TupleTypeSyntax type when type.Elements.Count == tuple.Arguments.Count:
                return type.Elements[index].Identifier.ValueText is { Length: > 0 } name ? name : null;
            case DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designation } when designation.Variables.Count == tuple.Arguments.Count:
                return (designation.Variables[index] as SingleVariableDesignationSyntax)?.Identifier.ValueText;
            case TupleExpressionSyntax names when names.Arguments.Count == tuple.Arguments.Count:
                return names.Arguments[index].Expression switch
                {
                    DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax single } => single.Identifier.ValueText,
                    var other => NameOfTarget(other),
                };
            default:
                return null;
        }
    }

    /// <summary>The type declared for the field, property or local an initialiser is given to.</summary>
    private static TypeSyntax? DeclaredType(SyntaxNode? clause) => clause switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
        EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
        _ => null,
    };

    /// <summary>
    /// The element type of a collection type written with one type argument or as an array
    /// (<c>List&lt;(string Tenant, string Secret)&gt;</c>, <c>(string, string Secret)[]</c>), so the
    /// tuples of its initialiser take their element names from it.
    /// </summary>
    private static TypeSyntax? ElementType(TypeSyntax? collection) => collection switch
    {
        NullableTypeSyntax nullable => ElementType(nullable.ElementType),
        ArrayTypeSyntax array => array.ElementType,
        GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic => generic.TypeArgumentList.Arguments[0],
        QualifiedNameSyntax { Right: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0],
        _ => null,
    };

    /// <summary>
    /// The configuration key a literal stands in for when it is the fallback of a lookup:
    /// <c>configuration["Maps:ApiKey"] ?? "…"</c>, <c>GetValue&lt;string&gt;("Smtp:Password") ?? "…"</c>,
    /// <c>GetSection("Jwt")["Secret"] ?? "…"</c>, <c>GetEnvironmentVariable("API_TOKEN") ?? "…"</c>.
    /// </summary>
    public static string? LookupKeyOfFallback(ExpressionSyntax value)
    {
        SyntaxNode node = ValueOf(value);
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        if (node.Parent is not BinaryExpressionSyntax coalesce || !coalesce.IsKind(SyntaxKind.CoalesceExpression) || coalesce.Right != node)
        {
            return null;
        }

        var lookup = coalesce.Left;
        while (lookup is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            lookup = lookup is ParenthesizedExpressionSyntax p ? p.Expression : ((PostfixUnaryExpressionSyntax)lookup).Operand;
        }

        return lookup switch
        {
            ElementAccessExpressionSyntax element when element.ArgumentList.Arguments.Count == 1 => KeyOfPair(element.ArgumentList.Arguments[0].Expression),
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: InvocationExpressionSyntax section } => KeyOfGet(section),
            InvocationExpressionSyntax invocation => KeyOfGet(invocation),
            _ => null,
        };
    }

    private static string? KeyOfGet(InvocationExpressionSyntax invocation)
    {
        var method = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return method is not null && method.StartsWith("Get", System.StringComparison.Ordinal) && invocation.ArgumentList.Arguments.Count >= 1
            ? KeyOfPair(invocation.ArgumentList.Arguments[0].Expression)
            : null;
    }

    /// <summary>
    /// The expression that carries the literal's value under another form: <c>Encoding.UTF8.GetBytes("…")</c>,
    /// <c>Convert.FromBase64String("…")</c> and <c>Convert.FromHexString("…")</c> turn the text into key bytes.
    /// </summary>
    public static ExpressionSyntax ValueOf(ExpressionSyntax value)
    {
        while (true)
        {
            if (value.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax invocation } }
                && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes" or "FromBase64String" or "FromHexString" })
            {
                value = invocation;
            }
            else if (value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToCharArray", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } characters } member
                && member.Expression == value)
            {
                // "…".ToCharArray(): the same secret as characters (a SecureString's or a char[] password's source).
                value = characters;
            }
            else
            {
                return value;
            }
        }
    }

    /// <summary>True when the loop's body hands each character to an <c>AppendChar</c> call (a SecureString being filled).</summary>
    private static bool AppendsEachCharacter(ForEachStatementSyntax loop)
    {
        foreach (var node in loop.Statement.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AppendChar" }, ArgumentList.Arguments.Count: 1 } append
                && append.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax character && character.Identifier.ValueText == loop.Identifier.ValueText)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the value is an argument passed by position (no name) to a call, constructor or attribute.</summary>
    public static bool IsPositionalArgument(ExpressionSyntax value)
        => value.Parent is ArgumentSyntax { NameColon: null, Parent: BaseArgumentListSyntax }
            || value.Parent is AttributeArgumentSyntax { NameEquals: null, NameColon: null, Parent.Parent: AttributeSyntax };

    /// <summary>The name of the parameter a positional argument binds to, from the semantic model.</summary>
    public static string? BoundParameterName(SemanticModel model, ExpressionSyntax value, System.Threading.CancellationToken cancellationToken)
    {
        switch (value.Parent)
        {
            case ArgumentSyntax argument:
                return Qualified((model.GetOperation(argument, cancellationToken) as Microsoft.CodeAnalysis.Operations.IArgumentOperation)?.Parameter,
                    argument.Parent is ArgumentListSyntax arguments && OthersAreTexts(arguments.Arguments, argument, a => a.Expression));

            case AttributeArgumentSyntax { Parent: AttributeArgumentListSyntax list } attributeArgument when list.Parent is AttributeSyntax attribute:
                if (DataRowParameter(attribute, list.Arguments.IndexOf(attributeArgument)) is { } testParameter)
                {
                    return testParameter;
                }

                if (model.GetSymbolInfo(attribute, cancellationToken).Symbol is not IMethodSymbol constructor || constructor.Parameters.Length == 0)
                {
                    return null;
                }

                var index = list.Arguments.IndexOf(attributeArgument);
                var parameters = constructor.Parameters;
                return Qualified(index < parameters.Length ? parameters[index] : parameters[parameters.Length - 1].IsParams ? parameters[parameters.Length - 1] : null,
                    OthersAreTexts(list.Arguments, attributeArgument, a => a.Expression));

            default:
                return null;
        }
    }

    private static bool OthersAreTexts<T>(SeparatedSyntaxList<T> arguments, T argument, System.Func<T, ExpressionSyntax> expression)
        where T : SyntaxNode
    {
        foreach (var other in arguments)
        {
            if (other != argument && expression(other) is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Test attributes whose positional arguments are the rows of the test method's parameters.</summary>
    private static readonly string[] DataRowAttributes = { "InlineData", "DataRow", "TestCase", "Arguments" };

    /// <summary>
    /// The test method's parameter that the <paramref name="index"/>-th value of a data-row attribute
    /// (<c>[InlineData("client", "secret")]</c>, <c>[DataRow]</c>, <c>[TestCase]</c>) binds to.
    /// </summary>
    private static string? DataRowParameter(AttributeSyntax attribute, int index)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        if (name.EndsWith("Attribute", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Attribute".Length);
        }

        if (System.Array.IndexOf(DataRowAttributes, name) < 0 || attribute.Parent?.Parent is not MethodDeclarationSyntax method)
        {
            return null;
        }

        var parameters = method.ParameterList.Parameters;
        return index >= 0 && index < parameters.Count ? parameters[index].Identifier.ValueText : null;
    }

    /// <summary>
    /// A parameter called only "key" or "value" takes its meaning from its method or attribute:
    /// <c>SetApiKey(string value)</c>, <c>[ApiKey(key)]</c>.
    /// </summary>
    private static string? Qualified(IParameterSymbol? parameter, bool givenOtherTexts)
    {
        if (parameter is null || parameter.Name is not ("key" or "value") || parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return parameter?.Name;
        }

        // A type names the value it is made from when that is the one text it is given: new ApiKey(value),
        // new BearerToken(kind, value). Given other texts too, it holds the value as one field among
        // several ([FieldToken(field, "label", "key", value)]: a help text's placeholder), which is nameless.
        if (method.MethodKind == MethodKind.Constructor && givenOtherTexts)
        {
            return null;
        }

        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>
    /// The first positional argument of a default-value attribute (<c>[DefaultValue("…")]</c>,
    /// <c>[DefaultSettingValue("…")]</c>, any <c>Default…</c> attribute) is the value of the property or
    /// field it stands on, and takes that member's name.
    /// </summary>
    private static string? DefaultOfMember(AttributeArgumentSyntax argument)
    {
        if (argument.Parent is not AttributeArgumentListSyntax { Parent: AttributeSyntax attribute } list || list.Arguments[0] != argument)
        {
            return null;
        }

        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        if (name is null || !name.StartsWith("Default", System.StringComparison.Ordinal))
        {
            return null;
        }

        return attribute.Parent?.Parent switch
        {
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            FieldDeclarationSyntax { Declaration.Variables.Count: 1 } field => field.Declaration.Variables[0].Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>
    /// A dictionary initialiser's entry (<c>["ApiKey"] = …</c>, <c>{ "ApiKey", … }</c>) is named by its key.
    /// In a dictionary whose own name says it holds secrets, under a key that names none (a partner, a tenant,
    /// an environment), it is named by both: <c>PartnerApiKeys = new() { ["northwind"] = … }</c> is
    /// "northwind_PartnerApiKeys", a secret's name, while <c>["example"]</c> is not; any other dictionary's
    /// entries keep their key's name.
    /// </summary>
    private static string? EntryName(string? key, InitializerExpressionSyntax entries)
    {
        if (key is not null && SecretNames.IsSecretName(key, System.Array.Empty<string>())
            || entries.Parent is not BaseObjectCreationExpressionSyntax creation
            || NameFor(creation) is not { } dictionary || !SecretNames.IsSecretName(dictionary, System.Array.Empty<string>()))
        {
            return key;
        }

        return key is null ? dictionary : key + "_" + dictionary;
    }

    private static string? NameOfTarget(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        ElementAccessExpressionSyntax element when element.ArgumentList.Arguments.Count == 1 => KeyOfPair(element.ArgumentList.Arguments[0].Expression),
        ImplicitElementAccessSyntax implicitElement when implicitElement.ArgumentList.Arguments.Count == 1 => KeyOfPair(implicitElement.ArgumentList.Arguments[0].Expression),
        _ => null,
    };

    private static string? KeyOfPair(ExpressionSyntax? key)
        => key is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) && IsKeyText(literal.Token.ValueText) ? literal.Token.ValueText : null;

    /// <summary>
    /// Whether the first of two strings can be the second's name: a setting, header or field name has
    /// no line breaks or other control characters and is not a sentence. <c>("A1 LOGIN username
    /// password\r\n", "replay.txt")</c> is a protocol line and the file that answers it.
    /// </summary>
    private static bool IsKeyText(string key)
    {
        var spaces = 0;
        foreach (var c in key)
        {
            if (char.IsControl(c) || (c == ' ' && ++spaces > 2))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"dbPassword" → "DB_PASSWORD", "Jwt:SigningKey" → "JWT__SIGNING_KEY" is not needed: words joined by '_'.</summary>
    public static string ToEnvironmentName(string name)
    {
        var words = Detection.NameTokenizer.Split(name);
        return words.Count == 0 ? "SECRET" : string.Join("_", words).ToUpperInvariant();
    }
}
