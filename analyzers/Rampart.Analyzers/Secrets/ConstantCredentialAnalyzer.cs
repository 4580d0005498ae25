using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Options;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// RMP0005: a constant flows into a credential or key API: a <c>NetworkCredential</c> password,
/// a <c>SymmetricSecurityKey</c>, an HMAC key, an <c>AesGcm</c>/<c>AesCcm</c>/<c>ChaCha20Poly1305</c>
/// key, or <c>SymmetricAlgorithm.Key</c> / <c>KeyedHashAlgorithm.Key</c>, built from a literal
/// string, literal bytes, a UTF-8 literal, <c>Encoding.GetBytes("...")</c> or
/// <c>Convert.FromBase64String("...")</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantCredentialAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] KeyedTypeNames =
    {
        "Microsoft.IdentityModel.Tokens.SymmetricSecurityKey",
        "System.Security.Cryptography.HMACSHA1",
        "System.Security.Cryptography.HMACSHA256",
        "System.Security.Cryptography.HMACSHA384",
        "System.Security.Cryptography.HMACSHA512",
        "System.Security.Cryptography.HMACSHA3_256",
        "System.Security.Cryptography.HMACSHA3_384",
        "System.Security.Cryptography.HMACSHA3_512",
        "System.Security.Cryptography.HMACMD5",
        "System.Security.Cryptography.AesGcm",
        "System.Security.Cryptography.AesCcm",
        "System.Security.Cryptography.ChaCha20Poly1305",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RampartRules.ConstantCredential);

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

            var keyed = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in KeyedTypeNames)
            {
                if (start.Compilation.GetTypeByMetadataName(name) is { } type)
                {
                    keyed.Add(type);
                }
            }

            var credential = start.Compilation.GetTypeByMetadataName("System.Net.NetworkCredential");
            var symmetric = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.SymmetricAlgorithm");
            var keyedHash = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.KeyedHashAlgorithm");
            var encoding = start.Compilation.GetTypeByMetadataName("System.Text.Encoding");
            var convert = start.Compilation.GetTypeByMetadataName("System.Convert");
            if (keyed.Count == 0 && credential is null && symmetric is null && keyedHash is null)
            {
                return;
            }

            var sinks = new Sinks(keyed, credential, symmetric, keyedHash, encoding, convert);
            var fixtures = TestFixtureScope.PolicyFor(start.Compilation, start.Options);
            start.RegisterOperationAction(c => AnalyzeCall(c, sinks, fixtures), OperationKind.ObjectCreation, OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, sinks, fixtures), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeKeyField(c, sinks), OperationKind.FieldInitializer);
        });
    }

    /// <summary>
    /// A byte-array field named as a key (<c>WebhookKey</c>, <c>_aesKey</c>, <c>Key</c>) holding constant bytes:
    /// <c>Encoding.ASCII.GetBytes("...")</c> of at least eight characters, or at least sixteen literal bytes
    /// (a 128-bit key). Public keys and key ids are not secrets.
    /// </summary>
    private static void AnalyzeKeyField(OperationAnalysisContext context, Sinks sinks)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        if (initializer.InitializedFields.Length != 1 || initializer.InitializedFields[0] is not { } field
            || field.Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } || !IsKeyName(field.Name))
        {
            return;
        }

        var value = WithoutConversions(initializer.Value);
        var isConstantKey = value switch
        {
            IArrayCreationOperation { Initializer: { } elements } => elements.ElementValues.Length >= 16 && IsConstantSecret(value, sinks),
            ICollectionExpressionOperation collection => collection.Elements.Length >= 16 && IsConstantSecret(value, sinks),
            IInvocationOperation { Arguments.Length: 1 } call => IsConstantSecret(value, sinks)
                && call.Arguments[0].Value is ILiteralOperation { ConstantValue.Value: string { Length: >= 8 } text } && !IsOneCharacterRepeated(text),
            _ => false,
        };
        if (isConstantKey)
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.ConstantCredential, initializer.Value.Syntax.GetLocation(), "The key " + field.Name));
        }
    }

    // "********": the mask a logger writes in place of a secret, not a key.
    private static bool IsOneCharacterRepeated(string text)
    {
        foreach (var c in text)
        {
            if (c != text[0])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKeyName(string name)
    {
        var words = NameTokenizer.Split(name);

        // "SigningKeyBytes", "HmacSecretBytes": the bytes of the key are the key.
        if (words.Count > 1 && words[words.Count - 1] == "bytes")
        {
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count == 0 || words[words.Count - 1] is not ("key" or "secret"))
        {
            return false;
        }

        foreach (var word in words)
        {
            if (word is "public" or "pub" or "id" or "test" or "sample" or "example" or "dummy" or "fake")
            {
                return false;
            }
        }

        return true;
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Sinks sinks, FixturePolicy fixtures)
    {
        IMethodSymbol? method;
        ImmutableArray<IArgumentOperation> arguments;
        if (context.Operation is IObjectCreationOperation creation)
        {
            method = creation.Constructor;
            arguments = creation.Arguments;
        }
        else
        {
            var invocation = (IInvocationOperation)context.Operation;
            method = invocation.TargetMethod;
            arguments = invocation.Arguments;
        }

        if (method?.ContainingType is not { } type)
        {
            return;
        }

        if (context.Operation is IObjectCreationOperation && type.Name == "Secret")
        {
            AnalyzeHashedClientSecret(context, arguments);
            return;
        }

        var isCredential = sinks.Credential is not null && SymbolEqualityComparer.Default.Equals(type, sinks.Credential);
        if (!isCredential && !sinks.Keyed.Contains(type))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            var parameterName = argument.Parameter?.Name;
            if (isCredential ? parameterName == "password" : parameterName == "key")
            {
                if (IsConstantSecret(argument.Value, sinks) && !IsReportedAtItsDeclaration(argument.Value, context, isCredential ? parameterName : null)
                    && !(isCredential && (IsAnonymousLogin(arguments, argument.Value) || IsTestCredential(argument.Value, context, fixtures)))
                    && !(!isCredential && IsTestKey(argument.Value, context, sinks, fixtures)))
                {
                    var what = isCredential ? "The NetworkCredential password" : "The " + type.Name + " key";
                    context.ReportDiagnostic(Diagnostic.Create(RampartRules.ConstantCredential, argument.Value.Syntax.GetLocation(), what));
                }
            }
        }
    }

    /// <summary>
    /// IdentityServer's <c>new Secret("...".Sha256())</c>: the literal hashed at start-up is the client
    /// secret itself. The quickstart's "secret" and other dummy words are samples.
    /// </summary>
    private static void AnalyzeHashedClientSecret(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments)
    {
        if (arguments.Length == 0 || WithoutConversions(arguments[0].Value) is not IInvocationOperation { TargetMethod.Name: "Sha256" or "Sha512" } hash
            || hash.Arguments.Length != 1 && hash.Instance is null)
        {
            return;
        }

        var hashed = WithoutConversions(hash.Instance ?? hash.Arguments[0].Value);
        if (hashed is ILiteralOperation { ConstantValue: { HasValue: true, Value: string value } }
            && SecretText.LooksLikeSecret(value, RampartAnalyzerOptions.For(context.Options, hashed.Syntax.SyntaxTree).EntropyThreshold, ignoreHexDigests: false))
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.ConstantCredential, hashed.Syntax.GetLocation(), "The client secret"));
        }
    }

    /// <summary>An anonymous FTP login: the constant user name "anonymous" or "ftp" with its usual password.</summary>
    private static bool IsAnonymousLogin(ImmutableArray<IArgumentOperation> arguments, IOperation password)
    {
        if (password.ConstantValue is not { HasValue: true, Value: string passwordText })
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == "userName" && argument.Value.ConstantValue is { HasValue: true, Value: string user })
            {
                return AnonymousLogin.Is(user, passwordText);
            }
        }

        return false;
    }

    /// <summary>A test's dummy password given as a constant text (see <see cref="TestFixtureScope.IsTestCredential"/>).</summary>
    private static bool IsTestCredential(IOperation password, OperationAnalysisContext context, FixturePolicy fixtures)
        => fixtures != FixturePolicy.Report && password.ConstantValue is { HasValue: true, Value: string text }
            && TestFixtureScope.IsTestCredential(text, fixtures, password.Syntax, RampartAnalyzerOptions.For(context.Options, password.Syntax.SyntaxTree).EntropyThreshold);

    /// <summary>
    /// A key made from a constant text in test code (<c>HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_local_test"), …)</c>)
    /// is the test's own, as a constant password is (see <see cref="TestFixtureScope.IsTestCredential"/>): the text would not
    /// be reported there under a secret's name. Literal bytes and base64 are not read as text, and stay reported.
    /// </summary>
    private static bool IsTestKey(IOperation key, OperationAnalysisContext context, Sinks sinks, FixturePolicy fixtures)
    {
        if (fixtures == FixturePolicy.Report)
        {
            return false;
        }

        var value = WithoutConversions(key);
        if (value is IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes && DerivesFrom(getBytes.TargetMethod.ContainingType, sinks.Encoding))
        {
            value = WithoutConversions(getBytes.Arguments[0].Value);
        }

        return value.ConstantValue is { HasValue: true, Value: string text }
            && TestFixtureScope.IsTestCredential(text, fixtures, key.Syntax, RampartAnalyzerOptions.For(context.Options, key.Syntax.SyntaxTree).EntropyThreshold);
    }

    /// <summary><c>new NetworkCredential { UserName = "anonymous", Password = "anonymous" }</c>.</summary>
    private static bool IsAnonymousLogin(ISimpleAssignmentOperation password)
    {
        if (password.Parent is not IObjectOrCollectionInitializerOperation initializer
            || password.Value.ConstantValue is not { HasValue: true, Value: string passwordText })
        {
            return false;
        }

        foreach (var sibling in initializer.Initializers)
        {
            if (sibling is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "UserName" } } user
                && user.Value.ConstantValue is { HasValue: true, Value: string userText })
            {
                return AnonymousLogin.Is(userText, passwordText);
            }
        }

        return false;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Sinks sinks, FixturePolicy fixtures)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        var isKey = property.Name == "Key" && (DerivesFrom(property.ContainingType, sinks.Symmetric) || DerivesFrom(property.ContainingType, sinks.KeyedHash));
        var isPassword = property.Name == "Password" && sinks.Credential is not null && SymbolEqualityComparer.Default.Equals(property.ContainingType, sinks.Credential);
        if ((isKey || isPassword) && IsConstantSecret(assignment.Value, sinks) && !IsReportedAtItsDeclaration(assignment.Value, context, isPassword ? property.Name : null)
            && !(isPassword && (IsAnonymousLogin(assignment) || IsTestCredential(assignment.Value, context, fixtures)))
            && !(isKey && IsTestKey(assignment.Value, context, sinks, fixtures)))
        {
            var what = isPassword ? "The NetworkCredential password" : "The " + property.ContainingType.Name + " key";
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.ConstantCredential, assignment.Value.Syntax.GetLocation(), what));
        }
    }

    /// <summary>
    /// True when the value is a named constant (directly or through GetBytes/FromBase64String) whose
    /// literal the literal rules already report: a hard-coded key is reported once, where it is written.
    /// </summary>
    private static bool IsReportedAtItsDeclaration(IOperation value, OperationAnalysisContext context, string? passwordName)
    {
        // A literal password is reported where it is written, under the name it is passed as
        // ("password"): once is enough.
        if (passwordName is not null && WithoutConversions(value) is ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } } written)
        {
            return HardCodedSecretAnalyzer.IsReportedWhereWritten(literal, passwordName, RampartAnalyzerOptions.For(context.Options, written.Syntax.SyntaxTree));
        }

        while (true)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IInvocationOperation { Arguments.Length: 1 } invocation:
                    value = invocation.Arguments[0].Value;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } instance }:
                    value = instance;
                    continue;
            }

            break;
        }

        var (symbol, constant) = value switch
        {
            IFieldReferenceOperation { Field: { HasConstantValue: true } field } => ((ISymbol)field, field.ConstantValue),
            ILocalReferenceOperation { Local: { HasConstantValue: true } local } => (local, local.ConstantValue),
            _ => (null, null),
        };
        if (symbol is null || constant is not string text || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
        {
            return false;
        }

        var options = RampartAnalyzerOptions.For(context.Options, symbol.Locations[0].SourceTree!);
        return HardCodedSecretAnalyzer.IsReportedWhereWritten(text, symbol.Name, options);
    }

    private static IOperation WithoutConversions(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    /// <summary>True when the value is fixed at compile time and not empty.</summary>
    private static bool IsConstantSecret(IOperation value, Sinks sinks)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue is { HasValue: true } constant)
        {
            return constant.Value is string s && s.Length > 0 && !DocumentedExamples.Contains(s);
        }

        switch (value)
        {
            case IUtf8StringOperation utf8:
                return utf8.Value.Length > 0;

            case IArrayCreationOperation { Initializer: { } initializer }:
                return AllConstant(initializer.ElementValues);

            case ICollectionExpressionOperation collection:
                return AllConstant(collection.Elements);

            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } instance, Arguments.Length: 0 }:
                return IsConstantSecret(instance, sinks);

            case IInvocationOperation invocation when invocation.Arguments.Length == 1:
                var method = invocation.TargetMethod;
                var fromEncoding = method.Name == "GetBytes" && DerivesFrom(method.ContainingType, sinks.Encoding);
                var fromConvert = (method.Name == "FromBase64String" || method.Name == "FromHexString")
                    && sinks.Convert is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, sinks.Convert);
                return (fromEncoding || fromConvert) && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text } && text.Length > 0
                    && !DocumentedExamples.Contains(text);

            default:
                return false;
        }
    }

    private static bool AllConstant(ImmutableArray<IOperation> elements)
    {
        if (elements.IsEmpty)
        {
            return false;
        }

        foreach (var element in elements)
        {
            if (!element.ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Sinks
    {
        public Sinks(HashSet<INamedTypeSymbol> keyed, INamedTypeSymbol? credential, INamedTypeSymbol? symmetric, INamedTypeSymbol? keyedHash, INamedTypeSymbol? encoding, INamedTypeSymbol? convert)
        {
            Keyed = keyed;
            Credential = credential;
            Symmetric = symmetric;
            KeyedHash = keyedHash;
            Encoding = encoding;
            Convert = convert;
        }

        public HashSet<INamedTypeSymbol> Keyed { get; }

        public INamedTypeSymbol? Credential { get; }

        public INamedTypeSymbol? Symmetric { get; }

        public INamedTypeSymbol? KeyedHash { get; }

        public INamedTypeSymbol? Encoding { get; }

        public INamedTypeSymbol? Convert { get; }
    }
}
