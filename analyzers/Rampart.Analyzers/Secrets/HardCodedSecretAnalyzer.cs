using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Options;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// RMP0001 (Rampart key), RMP0002 (provider secret), RMP0003 (secret-named value) and RMP0004
/// (credential in a connection string or URI) on string literals of every form: regular, verbatim,
/// raw, UTF-8, interpolated parts, attribute arguments and concatenations of constants.
/// </summary>
/// <remarks>
/// Literals are found by one walk over each tree's tokens (no semantic model); only a concatenation
/// that involves a named constant asks the semantic model for its value.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RampartRules.RampartKeyInSource,
        RampartRules.ProviderSecretInSource,
        RampartRules.SecretNamedValue,
        RampartRules.CredentialInConnectionString);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (RampartAnalyzerOptions.SkipsCompilation(start.Compilation, start.Options))
            {
                return;
            }

            // One action per file: a walk over its tokens. The semantic model is only asked for the
            // value of a concatenation that names a constant.
            var fixtures = TestFixtureScope.PolicyFor(start.Compilation, start.Options);
            start.RegisterSemanticModelAction(file => AnalyzeFile(file, fixtures));
        });
    }

    private static void ReportCommentedSecrets(SemanticModelAnalysisContext context, SyntaxTree tree, SyntaxTriviaList trivia)
    {
        foreach (var comment in trivia)
        {
            if (CommentedSecrets.Find(comment) is { } commented)
            {
                var descriptor = commented.Rule == SecretRule.RampartKey ? RampartRules.RampartKeyInSource : RampartRules.ProviderSecretInSource;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, Location.Create(tree, comment.Span), Properties(commented.ConfigurationName), commented.Description + " in a comment"));
            }
        }
    }

    private static void AnalyzeFile(SemanticModelAnalysisContext context, FixturePolicy fixtures)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var options = RampartAnalyzerOptions.For(context.Options, tree);
        if (options.IsExcluded(tree.FilePath))
        {
            return;
        }

        var root = tree.GetRoot(context.CancellationToken);
        HashSet<BinaryExpressionSyntax>? concatenations = null;
        foreach (var token in root.DescendantTokens())
        {
            // Comments are the tokens' trivia: read here, in the one walk of the file, not in a second walk.
            if (token.HasLeadingTrivia)
            {
                ReportCommentedSecrets(context, tree, token.LeadingTrivia);
            }

            if (token.HasTrailingTrivia)
            {
                ReportCommentedSecrets(context, tree, token.TrailingTrivia);
            }

            switch (token.Kind())
            {
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.Utf8StringLiteralToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                case SyntaxKind.Utf8SingleLineRawStringLiteralToken:
                case SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                    if (token.Parent is LiteralExpressionSyntax literal)
                    {
                        // A part of a concatenation is name-checked as part of the whole (AnalyzeConcatenation).
                        if (literal.Parent is BinaryExpressionSyntax add && add.IsKind(SyntaxKind.AddExpression))
                        {
                            (concatenations ??= new HashSet<BinaryExpressionSyntax>()).Add(TopOfConcatenation(add));
                            AnalyzeValue(context, options, fixtures, literal, token.ValueText, name: null);
                        }
                        else
                        {
                            AnalyzeValue(context, options, fixtures, literal, token.ValueText, NameOf(literal, options));
                        }
                    }

                    break;

                case SyntaxKind.InterpolatedStringTextToken:
                    if (token.Parent is InterpolatedStringTextSyntax text)
                    {
                        AnalyzeValue(context, options, fixtures, text, token.ValueText, name: null);
                        if (text.Parent is InterpolatedStringExpressionSyntax whole && IsFirstTextOfConstant(whole, text))
                        {
                            AnalyzeConstantInterpolation(context, options, fixtures, whole);
                        }
                    }

                    break;

                case SyntaxKind.CharacterLiteralToken:
                    if (token.Parent is LiteralExpressionSyntax first && CharacterArrayLiteral.TrySpell(first, out var characters, out var spelled))
                    {
                        AnalyzeValue(context, options, fixtures, characters, spelled, SecretNameContext.NameFor(characters));
                    }

                    break;

                case SyntaxKind.PlusToken:
                    // var webhookSecret = part1 + part2: locals holding literals, joined under a secret name.
                    if (token.Parent is BinaryExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } } joinedLocals
                        && joinedLocals.IsKind(SyntaxKind.AddExpression) && SecretNames.IsSecretName(declarator.Identifier.ValueText, options.SecretWords)
                        && LocalConcatenation.Spell(joinedLocals) is { } spelledLocals)
                    {
                        AnalyzeValue(context, options, fixtures, joinedLocals, spelledLocals, declarator.Identifier.ValueText);
                    }

                    break;

                case SyntaxKind.ConstKeyword:
                    // const string Token = Head + Tail: constants joined into a constant are judged whole.
                    if (ConstantInitializer(token.Parent) is BinaryExpressionSyntax joined && joined.IsKind(SyntaxKind.AddExpression))
                    {
                        (concatenations ??= new HashSet<BinaryExpressionSyntax>()).Add(joined);
                    }

                    break;
            }
        }

        if (concatenations is not null)
        {
            foreach (var concatenation in concatenations)
            {
                AnalyzeConcatenation(context, options, fixtures, concatenation);
            }
        }
    }

    /// <summary>The name a literal is bound to, or the configuration key it is the fallback of when that one says secret.</summary>
    private static string? NameOf(LiteralExpressionSyntax literal, RampartAnalyzerOptions options)
    {
        var name = SecretNameContext.NameFor(literal);
        if (SecretNames.IsSecretName(name, options.SecretWords))
        {
            return name;
        }

        if (SecretNameContext.LookupKeyOfFallback(literal) is { } key && SecretNames.IsSecretName(key, options.SecretWords))
        {
            return key;
        }

        // Run("deploy", "--password", "Winter2026!Deploy"): the value of a secret-named command-line option.
        return CommandLineOptionName.For(literal) is { } option && SecretNames.IsSecretName(option, options.SecretWords) ? option : name;
    }

    /// <summary>The initial value of a single-variable constant declaration (field or local), or null.</summary>
    private static ExpressionSyntax? ConstantInitializer(SyntaxNode? declaration)
    {
        var variables = declaration switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables,
            LocalDeclarationStatementSyntax local => local.Declaration.Variables,
            _ => default,
        };
        return variables.Count == 1 ? variables[0].Initializer?.Value : null;
    }

    private static bool InitialisesConstant(BinaryExpressionSyntax binary)
        => binary.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var holder } } }
            && (holder is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword)
                || holder is LocalDeclarationStatementSyntax local && local.IsConst)
            && ConstantInitializer(holder) == binary;

    /// <summary>True for the first text part of an interpolated string that initialises a constant.</summary>
    private static bool IsFirstTextOfConstant(InterpolatedStringExpressionSyntax whole, InterpolatedStringTextSyntax text)
    {
        foreach (var content in whole.Contents)
        {
            if (content is InterpolatedStringTextSyntax first)
            {
                if (first != text)
                {
                    return false;
                }

                break;
            }
        }

        return whole.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var holder } } }
            && (holder is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword)
                || holder is LocalDeclarationStatementSyntax local && local.IsConst);
    }

    /// <summary>
    /// A constant interpolated string (<c>const string Key = $"{Prefix}-…"</c>) is judged by its
    /// literal parts under the constant's name: the holes are other constants, the parts are written here.
    /// </summary>
    private static void AnalyzeConstantInterpolation(SemanticModelAnalysisContext context, RampartAnalyzerOptions options, FixturePolicy fixtures, InterpolatedStringExpressionSyntax whole)
    {
        var name = SecretNameContext.NameFor(whole);
        if (!SecretNames.IsSecretName(name, options.SecretWords))
        {
            return;
        }

        var parts = new StringBuilder();
        foreach (var content in whole.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                if (TextScanner.Scan(text.TextToken.ValueText) is not null)
                {
                    return; // already reported on the part itself
                }

                parts.Append(text.TextToken.ValueText);
            }
        }

        AnalyzeValue(context, options, fixtures, whole, parts.ToString(), name);
    }

    private static BinaryExpressionSyntax TopOfConcatenation(BinaryExpressionSyntax add)
    {
        var top = add;
        SyntaxNode? parent = add.Parent;
        while (parent is ParenthesizedExpressionSyntax or BinaryExpressionSyntax)
        {
            if (parent is BinaryExpressionSyntax binary)
            {
                if (!binary.IsKind(SyntaxKind.AddExpression))
                {
                    break;
                }

                top = binary;
            }

            parent = parent.Parent;
        }

        return top;
    }

    /// <summary>A concatenation of constants is checked as a whole, when no part was reported alone.</summary>
    private static void AnalyzeConcatenation(SemanticModelAnalysisContext context, RampartAnalyzerOptions options, FixturePolicy fixtures, BinaryExpressionSyntax binary)
    {
        var operands = new List<ExpressionSyntax>();
        Flatten(binary, operands);
        var builder = new StringBuilder();
        var needsModel = false;
        var hasString = false;
        foreach (var operand in operands)
        {
            if (operand is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                builder.Append(literal.Token.ValueText);
                hasString = true;
                if (TextScanner.Scan(literal.Token.ValueText) is not null)
                {
                    return; // already reported on the literal itself
                }
            }
            else if (MayNameConstant(operand))
            {
                needsModel = true;
            }
            else
            {
                return; // not a constant
            }
        }

        // Only a concatenation with a literal part, or one that initialises a constant, can hide a secret
        // worth binding for: other '+' of named constants alone never touch the semantic model.
        if (!hasString && !InitialisesConstant(binary))
        {
            return;
        }

        string value;
        if (needsModel)
        {
            var constant = context.SemanticModel.GetConstantValue(binary, context.CancellationToken);
            if (!constant.HasValue || constant.Value is not string s)
            {
                return;
            }

            value = s;
        }
        else
        {
            value = builder.ToString();
        }

        AnalyzeValue(context, options, fixtures, binary, value, SecretNameContext.NameFor(binary));
    }

    /// <summary>
    /// True when the operand can be a named constant: <c>Prefix</c>, <c>Keys.Prefix</c>. Constants are
    /// named in PascalCase (or UPPER_CASE) by convention; a lower-case name is a local, parameter or
    /// field, whose value is not known at compile time, so the semantic model is not asked.
    /// </summary>
    private static bool MayNameConstant(ExpressionSyntax operand)
    {
        while (operand is MemberAccessExpressionSyntax member)
        {
            if (!StartsUpper(member.Name.Identifier.ValueText))
            {
                return false;
            }

            operand = member.Expression;
        }

        return operand is IdentifierNameSyntax identifier && StartsUpper(identifier.Identifier.ValueText)
            || operand is AliasQualifiedNameSyntax or QualifiedNameSyntax;
    }

    private static bool StartsUpper(string name) => name.Length > 0 && char.IsUpper(name[0]);

    /// <summary>The operands of a chain of '+', left to right, without recursion (chains can be thousands long).</summary>
    private static void Flatten(ExpressionSyntax expression, List<ExpressionSyntax> operands)
    {
        var pending = new Stack<ExpressionSyntax>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            while (current is ParenthesizedExpressionSyntax parenthesized)
            {
                current = parenthesized.Expression;
            }

            if (current is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression))
            {
                pending.Push(binary.Right);
                pending.Push(binary.Left);
            }
            else
            {
                operands.Add(current);
            }
        }
    }

    private static void AnalyzeValue(SemanticModelAnalysisContext context, RampartAnalyzerOptions options, FixturePolicy fixtures, SyntaxNode node, string value, string? name)
    {
        if (value.Length < 6 || options.IsAllowed(value))
        {
            return;
        }

        if (TextScanner.Scan(value) is { } match)
        {
            // A Firebase configuration's apiKey is public by design.
            if (match.ConfigurationName == "GOOGLE_API_KEY" && FirebaseWebConfigContext.Holds(node))
            {
                return;
            }

            // A test's own database or broker on this machine, under a made-up passphrase, is a fixture; so is
            // the local database of an EF Core design-time factory, which only `dotnet ef` runs, on a developer's machine.
            if (match.Rule == SecretRule.ConnectionCredential && fixtures != FixturePolicy.Report
                && (fixtures == FixturePolicy.TestProject || InDesignTimeFactory(node)) && TestFixtureCredentials.IsLocalFixture(value))
            {
                return;
            }

            var descriptor = match.Rule switch
            {
                SecretRule.RampartKey => RampartRules.RampartKeyInSource,
                SecretRule.ProviderSecret => RampartRules.ProviderSecretInSource,
                _ => RampartRules.CredentialInConnectionString,
            };
            var configurationName = name is null ? match.ConfigurationName : SecretNameContext.ToEnvironmentName(name);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, node.GetLocation(), Properties(configurationName), match.Description));
            return;
        }

        // "…&appid=<key>" in a URL, whole or the piece a concatenation or an interpolation builds it from: the parameter names the value.
        if (value.IndexOf('=') > 0 && QueryParameters.FindCredential(value, options.SecretWords) is { } query
            && IsCredentialParameterValue(query.Value, options) && !TestFixtureScope.IsTestPassphrase(query.Value, fixtures, node))
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.SecretNamedValue, node.GetLocation(), Properties(SecretNameContext.ToEnvironmentName(query.Name)), query.Name));
            return;
        }

        // A value shaped like a checksummed token whose checksum fails is made up, whatever its name.
        if (node is InterpolatedStringTextSyntax || TextScanner.FailsTokenChecksum(value) || DocumentedExamples.Contains(value))
        {
            return;
        }

        if (node is LiteralExpressionSyntax or BinaryExpressionSyntax && BasicCredentialContext.Holds((ExpressionSyntax)node, value))
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.CredentialInConnectionString, node.GetLocation(), Properties("BASIC_CREDENTIALS"), "Basic credential"));
            return;
        }

        // "Bearer <token>" (or another token scheme) is a credential whatever it is bound to: the scheme
        // is not part of the secret. So is the parameter of ("SSWS", "<token>") given to a header value.
        if (!SecretNames.IsSecretName(name, options.SecretWords))
        {
            if (BasicCredentialContext.TokenSchemeLength(value) is var schemeLength && schemeLength > 0 && value.IndexOf(' ', schemeLength) < 0)
            {
                value = value.Substring(schemeLength);
                name = "Bearer";
            }
            else if (node is LiteralExpressionSyntax schemeParameter && BasicCredentialContext.FollowsTokenScheme(schemeParameter))
            {
                name = "Bearer";
            }
        }

        // A browser-facing client key is public under its own name; Agora's App Certificate is a secret no secret word names.
        if (BrowserClientKeys.IsPublicClientKey(name, value))
        {
            return;
        }

        if (AppCertificates.IsAppCertificateSecret(name, value))
        {
            if (!TestFixtureScope.IsTestPassphrase(value, fixtures, node))
            {
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.SecretNamedValue, node.GetLocation(), Properties(SecretNameContext.ToEnvironmentName(name!)), name));
            }

            return;
        }

        if (name is not null && SecretNames.IsSecretName(name, options.SecretWords) && !IsStoredSecretHash(node, name, value))
        {
            if (SecretText.LooksLikeSecret(value, options.EntropyThreshold, options.IgnoreHexDigests) && !TestFixtureScope.IsTestPassphrase(value, fixtures, node)
                && !SecretText.IsSpelledFromName(value, name) && !TestDataScope.IsTestData(node, name, fixtures))
            {
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.SecretNamedValue, node.GetLocation(), Properties(SecretNameContext.ToEnvironmentName(name)), name));
            }

            return;
        }

        // A positional argument takes the name of the parameter it binds to. The semantic model is
        // asked only for values that already look like secrets, so most arguments cost nothing.
        if (node is LiteralExpressionSyntax literalValue && SecretNameContext.ValueOf(literalValue) is var positional && SecretNameContext.IsPositionalArgument(positional)
            && SecretText.LooksLikeSecret(value, options.EntropyThreshold, options.IgnoreHexDigests) && !TestFixtureScope.IsTestPassphrase(value, fixtures, node)
            && !FollowsAnonymousUser(literalValue, value)
            && SecretNameContext.BoundParameterName(context.SemanticModel, positional, context.CancellationToken) is { } parameter
            && SecretNames.IsSecretName(parameter, options.SecretWords) && !IsStoredSecretHash(node, parameter, value)
            && !TestDataScope.IsTestData(node, parameter, fixtures))
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.SecretNamedValue, node.GetLocation(), Properties(SecretNameContext.ToEnvironmentName(parameter)), parameter));
        }
    }

    /// <summary>
    /// IdentityServer's <c>new Secret("&lt;base64 SHA-256 or SHA-512&gt;")</c>: the stored hash of a client
    /// secret (the form its stores keep), not the secret; <c>new Secret("...".Sha256())</c> hashes a
    /// literal secret and is reported by RMP0005.
    /// </summary>
    private static bool IsStoredSecretHash(SyntaxNode node, string name, string value)
        => name == "Secret" && (value.Length == 44 || value.Length == 88) && value[value.Length - 1] == '='
            && node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax } list } argument
            && list.Arguments[0] == argument && DecodedLength(value) is 32 or 64;

    private static int DecodedLength(string base64)
    {
        try
        {
            return System.Convert.FromBase64String(base64).Length;
        }
        catch (System.FormatException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The second of (user, password) literal arguments after the user "anonymous" or "ftp":
    /// <c>new NetworkCredential("anonymous", "guest@example.org")</c> is an anonymous FTP login.
    /// </summary>
    private static bool FollowsAnonymousUser(LiteralExpressionSyntax literal, string value)
        => literal.Parent is ArgumentSyntax { Parent: ArgumentListSyntax list } argument
            && list.Arguments.Count >= 2 && list.Arguments[1] == argument
            && list.Arguments[0].Expression is LiteralExpressionSyntax user && user.IsKind(SyntaxKind.StringLiteralExpression)
            && AnonymousLogin.Is(user.Token.ValueText, value);

    /// <summary>
    /// True inside a type that implements <c>IDesignTimeDbContextFactory&lt;T&gt;</c>: EF Core's tools
    /// (<c>dotnet ef migrations</c>, <c>database update</c>) create it, the application never does. Read
    /// from the syntax, only for values about to be reported.
    /// </summary>
    private static bool InDesignTimeFactory(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is TypeDeclarationSyntax type)
            {
                if (type.BaseList is null)
                {
                    return false;
                }

                foreach (var baseType in type.BaseList.Types)
                {
                    var name = baseType.Type is QualifiedNameSyntax qualified ? qualified.Right : baseType.Type as SimpleNameSyntax;
                    if (name is GenericNameSyntax { Identifier.ValueText: "IDesignTimeDbContextFactory", TypeArgumentList.Arguments.Count: 1 })
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a constant named <paramref name="name"/> holding <paramref name="value"/> is reported
    /// where it is written (RMP0001–RMP0004), so its uses need not be reported again.
    /// </summary>
    internal static bool IsReportedWhereWritten(string value, string? name, RampartAnalyzerOptions options)
    {
        if (value.Length < 6 || options.IsAllowed(value))
        {
            return false;
        }

        if (TextScanner.Scan(value) is not null)
        {
            return true;
        }

        return IsSecretNamedValue(value, name, options);
    }

    /// <summary>
    /// True when <paramref name="value"/>, bound to <paramref name="name"/>, is reported as a secret by its
    /// name (RMP0003 in code, RMP0006 in configuration files): a made-up token (one whose checksum
    /// fails) and a documented example are not, whatever their name.
    /// </summary>
    internal static bool IsSecretNamedValue(string value, string? name, RampartAnalyzerOptions options)
        => !TextScanner.FailsTokenChecksum(value) && !DocumentedExamples.Contains(value) && !BrowserClientKeys.IsPublicClientKey(name, value)
            && (AppCertificates.IsAppCertificateSecret(name, value)
                || (name is not null && SecretNames.IsSecretName(name, options.SecretWords)
                    && SecretText.LooksLikeSecret(value, options.EntropyThreshold, options.IgnoreHexDigests)));

    /// <summary>True when a URL query parameter named as a credential holds one (not a placeholder, an example or a made-up token).</summary>
    internal static bool IsCredentialParameterValue(string value, RampartAnalyzerOptions options)
        => !TextScanner.FailsTokenChecksum(value) && !DocumentedExamples.Contains(value) && !options.IsAllowed(value)
            && SecretText.LooksLikeSecret(value, options.EntropyThreshold, options.IgnoreHexDigests);

    private static ImmutableDictionary<string, string?> Properties(string configurationName)
        => ImmutableDictionary<string, string?>.Empty.Add(RampartRules.ConfigurationNameProperty, configurationName);
}
