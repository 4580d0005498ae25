using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rampart.Analyzers.Detection;
using Rampart.Analyzers.Options;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// RMP0007 (classified data logged without redaction) and RMP0008 (likely personal or secret data
/// logged by name) on <c>ILogger</c> calls: the <c>LoggerExtensions</c> methods, <c>ILogger.Log</c>
/// and <c>BeginScope</c>, and <c>[LoggerMessage]</c> methods.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoggingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RampartRules.ClassifiedDataLogged,
        RampartRules.PersonalDataLoggedByName,
        RampartRules.PersonalDataLoggedByNameAtCompilationEnd,
        RampartRules.ClassifiedParameterNotRedacted);

    public override void Initialize(AnalysisContext context)
    {
        // Generated files are skipped by this analyzer itself (GeneratedFiles), not by the compiler: the
        // compiler counts a [LoggerMessage] method as generated once the logging generator has added
        // its [GeneratedCode] half, and would hide the declaration the rules must check.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // No ILogger in the compilation: nothing to check.
            if (LoggingSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            var generated = new GeneratedFiles();
            var uses = symbols.LoggerMessageAttribute is not null ? new LoggerMessageUses() : null;

            // Console and Trace writes are the log of a service, not of a tool, nor of its tests' output.
            var writesAreLogs = symbols.IsService && !RampartAnalyzerOptions.IsTestProject(start.Compilation, start.Options);
            start.RegisterOperationAction(
                c =>
                {
                    if (!generated.IsGenerated(c.Operation.Syntax.SyntaxTree))
                    {
                        AnalyzeInvocation(c, symbols, writesAreLogs, uses);
                    }
                },
                OperationKind.Invocation);
            if (symbols.LoggerMessageAttribute is not null)
            {
                // The declaration, not the symbol: in a real build the logging generator adds the
                // other half of the partial method with [GeneratedCode], and a symbol with generated
                // parts is never given to a symbol action.
                start.RegisterSyntaxNodeAction(
                    c =>
                    {
                        if (!generated.IsGenerated(c.Node.SyntaxTree))
                        {
                            AnalyzeLoggerMessageDeclaration(c, symbols, uses);
                        }
                    },
                    SyntaxKind.MethodDeclaration);
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (var diagnostic in uses!.Unsafe())
                    {
                        end.ReportDiagnostic(diagnostic);
                    }
                });
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LoggingSymbols symbols, bool writesAreLogs, LoggerMessageUses? uses)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (containing is null)
        {
            return;
        }

        if (symbols.LoggerExtensions is not null && SymbolEqualityComparer.Default.Equals(containing, symbols.LoggerExtensions))
        {
            if (invocation.Arguments.Length > 0 && IsNullLogger(invocation.Arguments[0].Value))
            {
                return; // NullLogger writes nothing
            }

            AnalyzeUnredactedCall(context, symbols, invocation);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(containing, symbols.Logger) && (method.Name == "BeginScope" || method.Name == "Log"))
        {
            AnalyzeUnredactedCall(context, symbols, invocation);
            return;
        }

        if (LoggingSymbols.AttachesProperty(method))
        {
            // log.ForContext("Email", email), LogContext.PushProperty("Phone", phone): written with every event after it.
            var value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
            if (value is not null)
            {
                var name = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.ConstantValue is { HasValue: true, Value: string n } ? n : null;
                AnalyzeValue(context, symbols, RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree), value.Value, loggerMessageParameter: null, loggedAs: name);
            }

            return;
        }

        if (symbols.IsSerilogWrite(method) || symbols.IsNLogWrite(method) || symbols.IsLambdaWrite(method))
        {
            AnalyzeUnredactedCall(context, symbols, invocation);
            return;
        }

        if (writesAreLogs && IsConsoleOrTraceWrite(invocation, symbols))
        {
            AnalyzeWrite(context, symbols, invocation);
            return;
        }

        if (symbols.LoggerMessageAttribute is not null && LoggingSymbols.HasAttribute(method.PartialDefinitionPart ?? method, symbols.LoggerMessageAttribute))
        {
            AnalyzeLoggerMessageCall(context, symbols, invocation, uses);
            return;
        }

        // A LoggerMessage.Define delegate (Action<ILogger, T1, …, Exception?>): its arguments fill the template.
        if (method.MethodKind == MethodKind.DelegateInvoke && method.Parameters.Length > 1
            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, symbols.Logger))
        {
            var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && !IsPlumbing(parameter, symbols))
                {
                    AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
                }
            }
        }
    }

    /// <summary>
    /// <c>NullLogger.Instance</c> or <c>NullLogger&lt;T&gt;.Instance</c>, in the call or through a local
    /// initialised with it (a test's logger): nothing it is given reaches a log.
    /// </summary>
    private static bool IsNullLogger(IOperation logger)
    {
        var value = Unwrap(logger);
        if (value is ILocalReferenceOperation local)
        {
            value = ValueFlow.Initializer(local.Local, local.SemanticModel) is { } initializer ? Unwrap(initializer) : value;
        }

        var instance = value switch
        {
            IPropertyReferenceOperation { Property: { Name: "Instance", IsStatic: true } property } => property.ContainingType,
            IFieldReferenceOperation { Field: { Name: "Instance", IsStatic: true } field } => field.ContainingType,
            _ => null,
        };
        return instance is { Name: "NullLogger" } && instance.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging.Abstractions";
    }

    /// <summary>LoggerExtensions and ILogger calls: no redactor applies to any argument.</summary>
    private static void AnalyzeUnredactedCall(OperationAnalysisContext context, LoggingSymbols symbols, IInvocationOperation invocation)
    {
        var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);

        // "{@Profile}" asks the logging provider to write the object's members: those members are logged.
        string? template = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "message" or "messageFormat" or "messageTemplate" && argument.Value.ConstantValue is { HasValue: true, Value: string text })
            {
                template = text;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
            {
                continue;
            }

            if (parameter.IsParams || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                if (Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                {
                    for (var i = 0; i < initializer.ElementValues.Length; i++)
                    {
                        AnalyzeValue(context, symbols, options, initializer.ElementValues[i], loggerMessageParameter: null, destructured: MessageTemplate.IsDestructured(template, i));
                    }
                }
                else if (!argument.IsImplicit)
                {
                    // An array (or a value converting to one, such as StringValues) passed as the args array itself:
                    // its elements fill the holes, so "{@Customers}" with a Customer[] destructures its elements.
                    AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null, destructured: MessageTemplate.IsDestructured(template, 0));
                }

                continue;
            }

            var name = parameter.Name;
            if (name == "message" || name == "messageFormat" || name == "messageTemplate")
            {
                AnalyzeMessage(context, symbols, options, argument.Value);
            }
            else if (name == "state")
            {
                AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
            }
            else if (name == "exception" && !argument.IsImplicit)
            {
                // The exception's message is written with it: a message built from personal data is logged.
                AnalyzeExceptionMessage(context, symbols, options, argument.Value, argument.Value.Syntax, depth: 0);
            }
            else if ((SerilogPropertyIndex(name) ?? NLogArgumentIndex(name)) is { } index)
            {
                // Serilog's generic overloads: propertyValue, propertyValue0, propertyValue1, propertyValue2;
                // NLog's: argument, argument1, argument2, argument3.
                AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null, destructured: MessageTemplate.IsDestructured(template, index));
            }
            else if (name == "value" && symbols.IsNLogWrite(invocation.TargetMethod))
            {
                // NLog's Info<T>(T value): the value is the message.
                AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
            }
        }
    }

    /// <summary>The position of a Serilog property value parameter in the template ("propertyValue1" is the second), or null.</summary>
    private static int? SerilogPropertyIndex(string name)
    {
        if (name == "propertyValue")
        {
            return 0;
        }

        return name.Length == "propertyValue".Length + 1 && name.StartsWith("propertyValue", System.StringComparison.Ordinal)
            && name[name.Length - 1] is >= '0' and <= '9' ? name[name.Length - 1] - '0' : null;
    }

    /// <summary>The position of an NLog argument parameter in the template ("argument2" is the second), or null.</summary>
    private static int? NLogArgumentIndex(string name)
    {
        if (name == "argument")
        {
            return 0;
        }

        return name.Length == "argument".Length + 1 && name.StartsWith("argument", System.StringComparison.Ordinal)
            && name[name.Length - 1] is >= '1' and <= '9' ? name[name.Length - 1] - '1' : null;
    }

    /// <summary>
    /// A write to stdout or stderr (<c>Console.Write</c>/<c>WriteLine</c>, <c>Console.Out</c> and
    /// <c>Console.Error</c>) or to the trace listeners (<c>Trace</c>, <c>TraceSource</c>). Asked only in a
    /// service. <c>Debug</c> writes are compiled out of release builds and are never asked.
    /// </summary>
    private static bool IsConsoleOrTraceWrite(IInvocationOperation invocation, LoggingSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(containing, symbols.Console))
        {
            return method.Name is "Write" or "WriteLine";
        }

        if (SymbolEqualityComparer.Default.Equals(containing, symbols.Trace))
        {
            return method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "TraceInformation" or "TraceWarning" or "TraceError" or "Fail";
        }

        if (SymbolEqualityComparer.Default.Equals(containing, symbols.TraceSource))
        {
            return method.Name is "TraceEvent" or "TraceInformation" or "TraceData";
        }

        return method.Name is "Write" or "WriteLine" or "WriteAsync" or "WriteLineAsync"
            && SymbolEqualityComparer.Default.Equals(containing, symbols.TextWriter)
            && Unwrap(invocation.Instance ?? invocation) is IPropertyReferenceOperation { Property: { Name: "Out" or "Error" } stream }
            && SymbolEqualityComparer.Default.Equals(stream.ContainingType, symbols.Console);
    }

    /// <summary>A Console or Trace write: its text (a format, a message or a value) and its format arguments are logged.</summary>
    private static void AnalyzeWrite(OperationAnalysisContext context, LoggingSymbols symbols, IInvocationOperation invocation)
    {
        var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);
        var textSeen = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.IsImplicit && argument.ArgumentKind != ArgumentKind.ParamArray
                || parameter.Type.SpecialType == SpecialType.System_Boolean || parameter.Name == "category" || parameter.Type.TypeKind == TypeKind.Enum)
            {
                continue; // a condition, a category, an event type
            }

            if (parameter.IsParams || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                if (Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        AnalyzeValue(context, symbols, options, element, loggerMessageParameter: null);
                    }
                }
                else if (!argument.IsImplicit)
                {
                    AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
                }

                continue;
            }

            if (!textSeen && parameter.Type.SpecialType == SpecialType.System_String)
            {
                textSeen = true;
                AnalyzeMessage(context, symbols, options, argument.Value);
            }
            else
            {
                AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
            }
        }
    }

    /// <summary>Values interpolated, concatenated or formatted into the message text.</summary>
    private static void AnalyzeMessage(OperationAnalysisContext context, LoggingSymbols symbols, RampartAnalyzerOptions options, IOperation message)
    {
        switch (Unwrap(message))
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        AnalyzeValue(context, symbols, options, interpolation.Expression, loggerMessageParameter: null);
                    }
                }

                break;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                AnalyzeMessage(context, symbols, options, binary.LeftOperand);
                AnalyzeMessage(context, symbols, options, binary.RightOperand);
                break;

            case IInvocationOperation invocation when IsStringComposition(invocation):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            AnalyzeMessage(context, symbols, options, element);
                        }
                    }
                    else if (argument.Parameter?.Type.Name != "IFormatProvider")
                    {
                        AnalyzeMessage(context, symbols, options, argument.Value);
                    }
                }

                break;

            case { ConstantValue.HasValue: true }:
                break;

            case { } other:
                // The message itself is a variable: whatever it holds is logged.
                AnalyzeValue(context, symbols, options, other, loggerMessageParameter: null);
                break;
        }
    }

    /// <summary>string.Format, string.Concat and string.Join: their arguments end up in the text.</summary>
    private static bool IsStringComposition(IInvocationOperation invocation)
        => invocation.TargetMethod is { IsStatic: true, ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" or "Join" };

    /// <summary>[LoggerMessage] calls: a parameter with a classification attribute is redacted by the generator.</summary>
    private static void AnalyzeLoggerMessageCall(OperationAnalysisContext context, LoggingSymbols symbols, IInvocationOperation invocation, LoggerMessageUses? uses)
    {
        var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || IsPlumbing(parameter, symbols))
            {
                continue;
            }

            var declared = Declared(parameter);

            // What this call gives a parameter that may be suspect by name (or classified, where the generator
            // does not redact): a value named as made safe, or not.
            if (uses is not null && declared.Locations.Length > 0 && declared.Locations[0].IsInSource)
            {
                var value = Unwrap(argument.Value);
                var symbol = ReferencedSymbol(value);
                // A helper's type may say what it does: Redact.Email(email), Masking.Phone(phone).
                var name = symbol is IMethodSymbol called ? (called.ContainingType?.Name ?? "") + called.Name : NameOf(value, symbol);
                uses.Passed(declared, PersonalDataNames.SaysMadeSafe(name, declared.Name));
            }

            if (symbols.ClassificationOf(declared) is not null)
            {
                continue; // redacted by the compliance generator, or reported on the declaration (LoggerMessageRedaction)
            }

            if (LoggingSymbols.HasAttribute(declared, symbols.LogPropertiesAttribute))
            {
                // The generator redacts [DataClassification]-derived members; Identity's [PersonalData] it does not know.
                // A declaration in source is reported there, once, whether or not it is called.
                if (!(declared.Locations.Length > 0 && declared.Locations[0].IsInSource)
                    && parameter.Type is INamedTypeSymbol written && symbols.UnredactedMember(written) is { } identityOnly)
                {
                    Report(context, RampartRules.ClassifiedDataLogged, argument.Value.Syntax, parameter.Name, identityOnly, null);
                }

                continue;
            }

            if (symbols.ClassificationOfType(declared.Type) is not null && declared.Locations.Length > 0 && declared.Locations[0].IsInSource)
            {
                continue; // reported once, on the parameter's declaration
            }

            // A parameter named like personal data, or of a type that prints it, is reported on its declaration;
            // text under a neutral name ("string document") is judged by what the call gives it (p.PassportNumber).
            var neutralText = IsLoggableScalar(declared.Type, symbols) && DescribeByName(declared.Name, declared.Type, declared, symbols, options) is null;
            AnalyzeValue(context, symbols, options, argument.Value, declared, byName: neutralText);
        }
    }

    /// <summary>RMP0007/RMP0008 on a [LoggerMessage] method's declaration: a parameter that is classified by type or named like personal data.</summary>
    private static void AnalyzeLoggerMessageDeclaration(SyntaxNodeAnalysisContext context, LoggingSymbols symbols, LoggerMessageUses? uses)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (declaration.AttributeLists.Count == 0 || !MayBeLoggerMessage(declaration.AttributeLists))
        {
            return;
        }

        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method
            || method.PartialDefinitionPart is not null // the implementing half of a partial method
            || !LoggingSymbols.HasAttribute(method, symbols.LoggerMessageAttribute))
        {
            return;
        }

        var options = RampartAnalyzerOptions.For(context.Options, declaration.SyntaxTree);
        foreach (var parameter in method.Parameters)
        {
            if (IsPlumbing(parameter, symbols) || parameter.Locations.Length == 0)
            {
                continue;
            }

            if (symbols.ClassificationOf(parameter) is { } declaredClassification)
            {
                LoggerMessageRedaction.CheckClassifiedParameter(context, method, parameter, declaredClassification, uses);
                continue;
            }

            if (LoggingSymbols.HasAttribute(parameter, symbols.LogPropertiesAttribute))
            {
                // [LogProperties] writes every public member, the base types' too; the generator redacts only
                // members with a [DataClassification]-derived attribute, not Identity's [PersonalData].
                if (parameter.Type is INamedTypeSymbol identityUser && symbols.UnredactedMember(identityUser) is { } unredacted)
                {
                    var what = unredacted.Name + " (member '" + unredacted.Member + "')";
                    context.ReportDiagnostic(Diagnostic.Create(RampartRules.ClassifiedDataLogged, parameter.Locations[0], parameter.Name, what));
                }
                else if (parameter.Type is INamedTypeSymbol properties && PersonalMember(properties, symbols, options) is { } member)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, parameter.Locations[0], parameter.Name + "." + member.Name, member.Description));
                }

                continue;
            }

            // A parameter whose type is classified (or prints classified members) needs a classification
            // attribute (or [LogProperties]) for the generator to redact it.
            if (symbols.ClassificationOfType(parameter.Type) is { } classification)
            {
                var what = classification.Member is null ? classification.Name : classification.Name + " (member '" + classification.Member + "')";
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.ClassifiedDataLogged, parameter.Locations[0], parameter.Name, what));
                continue;
            }

            // A record's generated ToString prints its members: a member named like personal data is logged.
            if (parameter.Type is INamedTypeSymbol { IsRecord: true } record
                && PersonalMember(record, symbols, options, PrintedMembers.NamesPrinted(record) is { } mentioned ? property => mentioned.Contains(property.Name) : null) is { } printed)
            {
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, parameter.Locations[0], parameter.Name + "." + printed.Name, printed.Description));
                continue;
            }

            // BloodType bloodType, bool hasDisability: an enum or flag named for a special category says it about the person.
            if ((parameter.Type.TypeKind == TypeKind.Enum || parameter.Type.SpecialType == SpecialType.System_Boolean)
                && SpecialCategoryNames.Describe(parameter.Name) is { } special)
            {
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, parameter.Locations[0], parameter.Name, special));
                continue;
            }

            if (IsLoggableScalar(parameter.Type, symbols) && DescribeByName(parameter.Name, parameter.Type, parameter, symbols, options) is { } description)
            {
                // Suspect by its name alone: when every caller is in this compilation, the callers decide (LoggerMessageUses).
                if (uses is not null && LoggerMessageUses.CallersAreInView(method))
                {
                    uses.Defer(parameter, Diagnostic.Create(RampartRules.PersonalDataLoggedByNameAtCompilationEnd, parameter.Locations[0], parameter.Name, description));
                }
                else
                {
                    context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, parameter.Locations[0], parameter.Name, description));
                }
            }
        }
    }

    /// <summary>A cheap syntactic test before the semantic model is asked: an attribute named LoggerMessage.</summary>
    private static bool MayBeLoggerMessage(SyntaxList<AttributeListSyntax> lists)
    {
        foreach (var list in lists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                    : attribute.Name is AliasQualifiedNameSyntax alias ? alias.Name.Identifier.ValueText
                    : (attribute.Name as IdentifierNameSyntax)?.Identifier.ValueText;
                if (name is "LoggerMessage" or "LoggerMessageAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AnalyzeValue(
        OperationAnalysisContext context,
        LoggingSymbols symbols,
        RampartAnalyzerOptions options,
        IOperation value,
        IParameterSymbol? loggerMessageParameter,
        bool byName = true,
        bool destructured = false,
        string? loggedAs = null,
        SyntaxNode? reportAt = null,
        int depth = 0,
        Pin? pin = null)
    {
        var operation = Unwrap(value);
        reportAt ??= operation.Syntax;
        if (operation.ConstantValue.HasValue || depth > 6 || ConstantMemberFlow.IsConstant(operation))
        {
            return;
        }

        // Look through what real code does on the way to the logger: ?., ??, Trim(), ToLower(),
        // ToString(), string.Format/Concat, and objects made for the log (anonymous types,
        // dictionaries, key-value pairs).
        switch (operation)
        {
            case ICoalesceOperation coalesce:
                AnalyzeValue(context, symbols, options, coalesce.Value, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                AnalyzeValue(context, symbols, options, coalesce.WhenNull, loggerMessageParameter, byName, destructured, loggedAs, pin is not null ? reportAt : null, depth + 1, pin);
                return;

            case IConditionalOperation { WhenFalse: { } whenFalse } choice:
                // found ? email : "-": either branch may be what is logged.
                AnalyzeValue(context, symbols, options, choice.WhenTrue, loggerMessageParameter, byName, destructured, loggedAs, pin is not null ? reportAt : null, depth + 1, pin);
                AnalyzeValue(context, symbols, options, whenFalse, loggerMessageParameter, byName, destructured, loggedAs, pin is not null ? reportAt : null, depth + 1, pin);
                return;

            case ISwitchExpressionOperation selection:
                // channel switch { "sms" => phone, _ => email }: whichever arm is chosen is logged.
                foreach (var arm in selection.Arms)
                {
                    AnalyzeValue(context, symbols, options, arm.Value, loggerMessageParameter, byName, destructured, loggedAs, pin is not null ? reportAt : null, depth + 1, pin);
                }

                return;

            case IConditionalAccessOperation conditional when ClaimName(conditional.Operation) is { } claim && Unwrap(conditional.WhenNotNull) is IPropertyReferenceOperation { Property.Name: "Value" }:
                ReportByName(context, symbols, options, claim, conditional.WhenNotNull.Type, reportAt, pin);
                return;

            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } claimInstance } when ClaimName(claimInstance) is { } claim:
                ReportByName(context, symbols, options, claim, operation.Type, reportAt, pin);
                return;

            case IInvocationOperation { TargetMethod.Name: "FindFirstValue" } findValue when ClaimName(findValue) is { } claim:
                ReportByName(context, symbols, options, claim, operation.Type, reportAt, pin);
                return;

            case IConditionalAccessOperation { Operation: { } lookedUp } keyedEntry when Unwrap(lookedUp) is IInvocationOperation entryLookup
                && ClientDataMembers.LookedUpKey(entryLookup) is { } entryKey && Unwrap(keyedEntry.WhenNotNull) is IPropertyReferenceOperation { Property.Name: "Value" }:
                // metadata.Get("authorization")?.Value: the entry's key names its value.
                ReportByName(context, symbols, options, entryKey, keyedEntry.Type ?? keyedEntry.WhenNotNull.Type, reportAt, pin);
                return;

            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } entryInstance } when Unwrap(entryInstance) is IInvocationOperation entryLookup
                && ClientDataMembers.LookedUpKey(entryLookup) is { } entryKey:
                ReportByName(context, symbols, options, entryKey, operation.Type, reportAt, pin);
                return;

            case IConditionalAccessOperation conditional:
                var whenNotNull = Unwrap(conditional.WhenNotNull);
                var inner = whenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation } call && IsTextPreserving(call)
                    ? conditional.Operation
                    : conditional.WhenNotNull;
                AnalyzeValue(context, symbols, options, inner, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                return;

            case IInvocationOperation { Instance: { } instance } textCall when IsTextPreserving(textCall) && instance is not IConditionalAccessInstanceOperation:
                AnalyzeValue(context, symbols, options, instance, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                return;

            case IInvocationOperation redaction when NullRedaction.PassedThrough(redaction) is { } unredacted:
                // NullRedactor.Instance.Redact(email) returns the e-mail address as it is.
                AnalyzeValue(context, symbols, options, unredacted, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                return;

            case IInvocationOperation encoding when EncodedText.Source(encoding) is { } encodedValue:
                // Convert.ToBase64String(Encoding.UTF8.GetBytes(password)): anyone with the log can read it back.
                var encoded = Unwrap(encodedValue);
                if (byName && EncodedText.IsBytes(encoded.Type) && ReferencedSymbol(encoded) is { } bytes
                    && DescribeByName(NameOf(encoded, bytes), encoded.Type!, bytes, symbols, options) is { } encodedDescription)
                {
                    Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), bytes.Name, encodedDescription));
                    return;
                }

                AnalyzeValue(context, symbols, options, encoded, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                return;

            case IInvocationOperation { TargetMethod: { Name: "Serialize", ContainingType.Name: "JsonSerializer" or "JsonConvert" } } serialize
                when serialize.Arguments.Length > 0 && !destructured:
                // A serialised object is written member by member, as "{@Object}" is, but for its [JsonIgnore] members.
                if (Unwrap(serialize.Arguments[0].Value).Type is INamedTypeSymbol serialized && JsonIgnored.HasIgnoredMember(serialized)
                    && symbols.ClassificationOfMembers(serialized) is null
                    && PersonalMember(serialized, symbols, options, property => !JsonIgnored.IsIgnored(property)) is null)
                {
                    return;
                }

                AnalyzeValue(context, symbols, options, serialize.Arguments[0].Value, loggerMessageParameter, byName, destructured: true, loggedAs, reportAt, depth + 1, pin);
                return;

            case IInvocationOperation composition when IsStringComposition(composition):
                foreach (var argument in composition.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } elements })
                    {
                        foreach (var element in elements.ElementValues)
                        {
                            AnalyzeValue(context, symbols, options, element, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                        }
                    }
                    else
                    {
                        AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    }
                }

                return;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        AnalyzeValue(context, symbols, options, interpolation.Expression, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    }
                }

                return;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                // p.GivenName + " " + p.FamilyName: each part is in the text.
                AnalyzeValue(context, symbols, options, concatenation.LeftOperand, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                AnalyzeValue(context, symbols, options, concatenation.RightOperand, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                return;

            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } cookies } cookie when byName && IsRequestCookies(cookies.Type)
                && cookie.Arguments.Length == 1 && cookie.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string cookieName }
                && IsCredentialCookie(cookieName, options):
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), cookieName, "an authentication or session cookie (a credential)"));
                return;

            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } claimEntry } when byName && EnumeratedEntries.ReadsEveryClaim(claimEntry):
                // foreach (var claim in User.Claims) … claim.Value, User.Claims.Select(c => c.Value): every claim's value is logged in turn.
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), claimEntry.Syntax + ".Value", EveryClaim));
                return;

            case ILocalReferenceOperation or IParameterReferenceOperation when byName && EnumeratedEntries.ReadsEveryClaim(operation):
                // A claim prints as "type: value".
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), operation.Syntax.ToString(), EveryClaim));
                return;

            case ILocalReferenceOperation { Local: { } entryValue } when byName
                && EnumeratedEntries.DeconstructedValueSource(entryValue, operation.SemanticModel) is { } source && Whole(source) is { } everyValue:
                // foreach (var (name, value) in request.Headers) … value: every header's value is logged in turn.
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), entryValue.Name, everyValue));
                return;

            case IPropertyReferenceOperation { Property.Name: "Value", Instance: ILocalReferenceOperation entry } when byName
                && EnumeratedCollection(entry.Local, operation.SemanticModel) is { } enumerated && Whole(enumerated) is { } everyEntry:
                // foreach (var header in request.Headers) … header.Value: every header's value is logged in turn.
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), entry.Local.Name + ".Value", everyEntry));
                return;

            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
                    {
                        AnalyzeValue(context, symbols, options, assignment.Value, loggerMessageParameter, byName, loggedAs: target.Property.Name, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    }
                }

                return;

            case IArrayCreationOperation { Initializer: { } array }:
                foreach (var element in array.ElementValues)
                {
                    AnalyzeValue(context, symbols, options, element, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                }

                return;

            case ICollectionExpressionOperation collection:
                // [new("Phone", phone)], [email, backupEmail]: each element is logged.
                foreach (var element in collection.Elements)
                {
                    AnalyzeValue(context, symbols, options, element is ISpreadOperation spread ? spread.Operand : element, loggerMessageParameter, byName, destructured, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                }

                return;

            case IInvocationOperation query when LinqFlow.LoggedValues(query) is { } flowing:
                // users.Select(u => u.Email).ToArray(): what the projection returns is what is logged.
                foreach (var flowingValue in flowing)
                {
                    AnalyzeValue(context, symbols, options, flowingValue, loggerMessageParameter, byName, destructured, loggedAs, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                }

                return;

            case { Type: { } builderType } when StringBuilderFlow.IsStringBuilder(builderType) && StringBuilderFlow.Appended(operation) is { } written:
                // The builder's text is what was appended to it, reported where it is logged, once.
                var builderPin = pin ?? new Pin();
                foreach (var part in written)
                {
                    AnalyzeValue(context, symbols, options, part, loggerMessageParameter, byName, reportAt: reportAt, depth: depth + 1, pin: builderPin);
                }

                return;

            case IAwaitOperation { Operation: IInvocationOperation made, Type: { } result } when byName && IsLoggableScalar(result, symbols)
                && NameOf(made, made.TargetMethod) is { } madeName && DescribeByName(madeName, result, null, symbols, options) is { } madeDescription:
                // await users.GenerateTwoFactorTokenAsync(user, "Phone"): the task's result is named by the method.
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), madeName, madeDescription));
                return;

            case IAwaitOperation awaited:
                AnalyzeValue(context, symbols, options, awaited.Operation, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin);
                return;

            case ITupleOperation { Elements.Length: 2 } pair when pair.Elements[0].ConstantValue is { HasValue: true, Value: string pairKey }:
                // ("Email", value): a scope's key-value pair (a property named by its key in structured providers).
                AnalyzeValue(context, symbols, options, pair.Elements[1], loggerMessageParameter, byName, destructured, loggedAs: pairKey, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                return;

            case ITupleOperation tuple:
                // (member.FirstName, member.Email): a tuple prints each of its elements.
                foreach (var element in tuple.Elements)
                {
                    AnalyzeValue(context, symbols, options, element, loggerMessageParameter, byName, destructured, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                }

                return;

            case IPropertyReferenceOperation { Property.Name: "Message", Instance: { } thrown } when byName && IsException(thrown.Type, symbols):
                // ex.Message of an exception made here: what its message was built from is logged.
                AnalyzeExceptionMessage(context, symbols, options, thrown, reportAt, depth + 1);
                return;

            case IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync", Instance: { } reader } when byName && ReadsRequestBody(reader):
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), "Request.Body", "the raw request body (what the client sent: personal data and credentials)"));
                return;

            case IInvocationOperation display when byName && DisplayExtension.Of(display) is { } shown
                && PersonalMember(shown.Receiver, symbols, options, property => shown.Members.Contains(property.Name)) is { } shownMember:
                // p.ToDisplayString(): the extension's text is built from the members it reads.
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), display.TargetMethod.Name + " (" + shownMember.Name + ")", shownMember.Description));
                return;

            case IObjectCreationOperation creation when AnalyzeStructuredState(context, symbols, options, creation, loggerMessageParameter, byName, depth, reportAt, pin):
                return;
        }

        var symbol = ReferencedSymbol(operation);
        var classification = (symbol is null ? null : symbols.ClassificationOf(symbol))
            ?? (operation.Type is { } type ? symbols.ClassificationOfType(type) : null);
        if (classification is null && destructured && operation.Type is INamedTypeSymbol destructuredType)
        {
            classification = symbols.ClassificationOfMembers(destructuredType);
        }

        // "{@Players}" with a list of records: every element is written member by member.
        if (classification is null && destructured && operation.Type is { } collectionType && !IsLoggableScalar(collectionType, symbols)
            && ElementOf(collectionType) is INamedTypeSymbol destructuredElement)
        {
            classification = symbols.ClassificationOfMembers(destructuredElement);
        }

        if (classification is not null)
        {
            var name = symbol?.Name ?? loggedAs ?? operation.Syntax.ToString();
            Report(context, RampartRules.ClassifiedDataLogged, reportAt, name, classification, loggerMessageParameter, pin);
            return;
        }

        if (!byName || operation.Type is not { } valueType)
        {
            return;
        }

        if (ClientDataMembers.Describe(operation) is { } client)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), client.Name, client.Description));
            return;
        }

        if (destructured && ClientDataMembers.IsGatewayRequest(valueType))
        {
            // JsonSerializer.Serialize(request): every header (authorization, cookies) and the body.
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), symbol?.Name ?? operation.Syntax.ToString(), "the whole API Gateway request (its headers, authorization and cookies included, and its body)"));
            return;
        }

        if (Whole(valueType) is { } whole && (!destructured || whole != WholeUserName))
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), symbol?.Name ?? loggedAs ?? operation.Syntax.ToString(), whole));
            return;
        }

        if (!IsLoggableScalar(valueType, symbols) && ElementOf(valueType) is { } elementType && IsLoggableScalar(elementType, symbols)
            && NameOf(operation, symbol) is { Length: > 3 } plural && plural.EndsWith("s", System.StringComparison.Ordinal)
            && DescribeByName(plural.Substring(0, plural.Length - 1), elementType, null, symbols, options) is { } each)
        {
            // A collection of values ("recipientEmails") joined or written whole: each element is logged.
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), plural, each));
            return;
        }

        // "ordersByEmail", "visitsPerPatientName": a dictionary keyed by personal data writes its keys.
        if (!IsLoggableScalar(valueType, symbols) && KeyedBy(NameOf(operation, symbol)) is { } keyName && IsStringKeyedDictionary(valueType)
            && DescribeByName(keyName, valueType, null, symbols, options) is { } keys)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), NameOf(operation, symbol)!, keys + " (the dictionary's keys)"));
            return;
        }

        if (!IsLoggableScalar(valueType, symbols) && IsNumber(valueType) && symbol is IPropertySymbol or IFieldSymbol or IParameterSymbol or ILocalSymbol
            && PersonalDataNames.IsHealthWord(symbol.Name))
        {
            // w.HeartRateAvg, heartRateBpm: a measure of someone's body, however it is typed.
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), symbol.Name, "health data"));
            return;
        }

        // c.HasDisability, p.BloodType, p.SexualOrientation: a flag or an enum still says it about the person.
        if (!IsLoggableScalar(valueType, symbols) && (valueType.SpecialType == SpecialType.System_Boolean || valueType.TypeKind == TypeKind.Enum || IsNumber(valueType))
            && symbol is IPropertySymbol or IFieldSymbol or IParameterSymbol or ILocalSymbol && SpecialCategoryNames.Describe(symbol.Name) is { } special)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), symbol.Name, special));
            return;
        }

        if (!IsLoggableScalar(valueType, symbols))
        {
            // A record prints its members, and "{@Profile}" writes them: members named like personal data are logged.
            // A ToString or PrintMembers of the type's own prints what its body mentions.
            var printed = !destructured && valueType is INamedTypeSymbol printer ? PrintedMembers.NamesPrinted(printer) : null;
            if (valueType is INamedTypeSymbol named && (destructured || named.IsRecord || printed is not null)
                && PersonalMember(named, symbols, options, printed is null ? null : property => printed.Contains(property.Name)) is { } member)
            {
                var objectName = symbol?.Name ?? loggedAs ?? named.Name;
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), objectName + "." + member.Name, member.Description));
                return;
            }

            // A collection or pairs built into a local, an object passed to a helper: what it was made from.
            FollowOrigins(context, symbols, options, operation, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth, pin);
            return;
        }

        // The program's own text, a localized resource string ("Strings.EnterPassword") or a local
        // holding one or a format of one ("passwordText"): its name says what the text is about; only
        // what was formatted into it is data.
        if (ProgramText.IsResourceString(operation))
        {
            return;
        }

        if (operation is ILocalReferenceOperation textLocal && ProgramText.FormattedInto(textLocal) is { } formatted)
        {
            foreach (var argument in formatted)
            {
                AnalyzeValue(context, symbols, options, argument, loggerMessageParameter, byName, reportAt: reportAt, depth: depth + 1, pin: pin ?? new Pin());
            }

            return;
        }

        var logged = NameOf(operation, symbol) ?? loggedAs;
        if (DescribeByName(logged, valueType, symbol, symbols, options, operation.SemanticModel) is { } description)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), logged ?? operation.Syntax.ToString(), description));
            return;
        }

        // A neutral variable logged under a key that names it (["Email"] = value, ForContext("Email", value)):
        // the log shows it under the key.
        if (loggedAs is not null && logged != loggedAs && !PersonalDataNames.SaysMadeSafe(logged, loggedAs)
            && DescribeByName(loggedAs, valueType, null, symbols, options) is { } keyed)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), loggedAs, keyed));
            return;
        }

        FollowOrigins(context, symbols, options, operation, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth, pin);
    }

    /// <summary>
    /// A neutral name says nothing of the value: "var who = patient.FullName", a helper of this type that
    /// formats the line, or a helper's parameter (<c>void Audit(string value)</c>) given personal data by its
    /// callers. What it was made from is what is logged, reported where it is logged, once.
    /// </summary>
    private static void FollowOrigins(
        OperationAnalysisContext context,
        LoggingSymbols symbols,
        RampartAnalyzerOptions options,
        IOperation operation,
        IParameterSymbol? loggerMessageParameter,
        bool byName,
        bool destructured,
        string? loggedAs,
        SyntaxNode reportAt,
        int depth,
        Pin? pin)
    {
        if (operation is ILocalReferenceOperation { Local: { } local } read && !ValueFlow.SaysSafe(local.Name))
        {
            // headers.TryGetValue("Authorization", out var value): the key names what the local holds.
            if (byName && operation.Type is { } outType && LocalAssignments.OutKey(local, read.SemanticModel) is { } key
                && DescribeByName(key, outType, null, symbols, options) is { } keyed)
            {
                Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), key, keyed));
                return;
            }

            // Its initializer and what the block assigns it before it is read.
            var localPin = pin ?? new Pin();
            if (ValueFlow.Origin(operation, context.ContainingSymbol) is { } initial)
            {
                AnalyzeValue(context, symbols, options, initial, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, localPin);
            }

            foreach (var assigned in LocalAssignments.AssignedValues(local, read.SemanticModel, read.Syntax.SpanStart))
            {
                AnalyzeValue(context, symbols, options, assigned, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, localPin);
            }

            return;
        }

        if (ValueFlow.Origin(operation, context.ContainingSymbol) is { } origin)
        {
            AnalyzeValue(context, symbols, options, origin, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, pin ?? new Pin());
            return;
        }

        if (operation is IParameterReferenceOperation parameter)
        {
            var callersPin = pin ?? new Pin();
            foreach (var passed in CallerFlow.ArgumentsPassed(parameter))
            {
                AnalyzeValue(context, symbols, options, passed, loggerMessageParameter, byName, destructured, loggedAs, reportAt, depth + 1, callersPin);
            }
        }
    }

    /// <summary>
    /// The message of an exception logged with its entry or read through <c>ex.Message</c>: made in the
    /// call (<c>new InvalidOperationException("… " + patient.FullName)</c>), held by a local made so, or the
    /// one a catch clause's variable receives from a <c>throw new …</c> in its try block.
    /// </summary>
    private static void AnalyzeExceptionMessage(OperationAnalysisContext context, LoggingSymbols symbols, RampartAnalyzerOptions options, IOperation exception, SyntaxNode reportAt, int depth)
    {
        var made = Unwrap(exception);
        var inline = made is IObjectCreationOperation;
        foreach (var creation in ValueFlow.ExceptionsMade(made, symbols.Exception))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && parameter.Name != "paramName" && !argument.IsImplicit)
                {
                    AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null, reportAt: inline ? null : reportAt, depth: depth + 1, pin: inline ? null : new Pin());
                }
            }
        }
    }

    private static bool IsException(ITypeSymbol? type, LoggingSymbols symbols)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, symbols.Exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type of the collection a foreach loop's variable takes its values from, or null for another local.</summary>
    private static ITypeSymbol? EnumeratedCollection(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not ForEachStatementSyntax loop || loop.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetTypeInfo(loop.Expression).Type;
    }

    /// <summary>A reader over the request's body: <c>new StreamReader(request.Body)</c>, in the call or through a local.</summary>
    private static bool ReadsRequestBody(IOperation reader)
    {
        var value = Unwrap(reader);
        if (value is ILocalReferenceOperation local)
        {
            value = ValueFlow.Initializer(local.Local, local.SemanticModel) is { } initializer ? Unwrap(initializer) : null;
        }

        return value is IObjectCreationOperation { Type.Name: "StreamReader", Arguments.Length: > 0 } creation
            && Unwrap(creation.Arguments[0].Value) is IPropertyReferenceOperation { Property: { Name: "Body" } body }
            && body.ContainingType is { Name: "HttpRequest" } request && request.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http";
    }

    /// <summary>What a collection's name says it is keyed by ("ordersByEmail" is "Email"), or null.</summary>
    private static string? KeyedBy(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var words = NameTokenizer.Split(name);
        for (var i = 1; i < words.Count - 1; i++)
        {
            if (words[i] is "by" or "per")
            {
                return string.Join("_", words.GetRange(i + 1, words.Count - i - 1));
            }
        }

        return null;
    }

    /// <summary>A dictionary (or read-only dictionary) whose keys are strings.</summary>
    private static bool IsStringKeyedDictionary(ITypeSymbol type)
    {
        foreach (var candidate in type is INamedTypeSymbol named ? named.AllInterfaces.Add(named) : type.AllInterfaces)
        {
            if (candidate is { Name: "IDictionary" or "IReadOnlyDictionary", TypeArguments.Length: 2 } dictionary
                && dictionary.TypeArguments[0].SpecialType == SpecialType.System_String)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_Single or SpecialType.System_Byte;
    }

    /// <summary>
    /// Scope and log state built as key-value pairs: <c>new Dictionary&lt;string, object&gt; { ["Email"] = email }</c>,
    /// <c>new KeyValuePair&lt;string, object&gt;("Email", email)</c>. Each value is judged under its key.
    /// </summary>
    private static bool AnalyzeStructuredState(OperationAnalysisContext context, LoggingSymbols symbols, RampartAnalyzerOptions options, IObjectCreationOperation creation, IParameterSymbol? loggerMessageParameter, bool byName, int depth, SyntaxNode reportAt, Pin? pin)
    {
        if (creation.Type is INamedTypeSymbol { Name: "KeyValuePair", Arity: 2 } && creation.Arguments.Length == 2)
        {
            var key = creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string k } ? k : null;
            AnalyzeValue(context, symbols, options, creation.Arguments[1].Value, loggerMessageParameter, byName, loggedAs: key, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
            return true;
        }

        if (creation.Initializer is not { } initializer || initializer.Initializers.IsEmpty)
        {
            return false;
        }

        var handled = false;
        foreach (var item in initializer.Initializers)
        {
            switch (item)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment when indexer.Arguments.Length == 1:
                    var key = indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string k } ? k : null;
                    AnalyzeValue(context, symbols, options, assignment.Value, loggerMessageParameter, byName, loggedAs: key, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    handled = true;
                    break;

                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } addItem:
                    // new List<KeyValuePair<string, object>> { new("Phone", phone) }: each item is logged.
                    AnalyzeValue(context, symbols, options, addItem.Arguments[0].Value, loggerMessageParameter, byName, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    handled = true;
                    break;

                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add:
                    var addKey = add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string ak } ? ak : null;
                    AnalyzeValue(context, symbols, options, add.Arguments[1].Value, loggerMessageParameter, byName, loggedAs: addKey, reportAt: pin is not null ? reportAt : null, depth: depth + 1, pin: pin);
                    handled = true;
                    break;
            }
        }

        return handled;
    }

    private static void ReportByName(OperationAnalysisContext context, LoggingSymbols symbols, RampartAnalyzerOptions options, string name, ITypeSymbol? type, SyntaxNode reportAt, Pin? pin)
    {
        if (type is not null && DescribeByName(name, type, null, symbols, options) is { } description)
        {
            Emit(context, pin, Diagnostic.Create(RampartRules.PersonalDataLoggedByName, reportAt.GetLocation(), name, description));
        }
    }

    /// <summary>
    /// The name of the claim a <c>FindFirst(type)</c> / <c>FindFirstValue(type)</c> call reads, from the last
    /// segment of its constant type (<c>ClaimTypes.Email</c> is "…/emailaddress"); "name" is the user name.
    /// </summary>
    private static string? ClaimName(IOperation operation)
    {
        if (Unwrap(operation) is IInvocationOperation query && LinqFlow.ClaimTypeSought(query) is { } sought)
        {
            return ClaimSegment(sought);
        }

        if (Unwrap(operation) is not IInvocationOperation { TargetMethod.Name: "FindFirst" or "FindFirstValue" } find)
        {
            return null;
        }

        foreach (var argument in find.Arguments)
        {
            if (argument.Value.ConstantValue is { HasValue: true, Value: string type })
            {
                return ClaimSegment(type);
            }
        }

        return null;
    }

    private static string ClaimSegment(string type)
    {
        var segment = type.Substring(type.LastIndexOf('/') + 1);
        return segment is "name" or "unique_name" or "preferred_username" ? "username" : segment;
    }

    /// <summary>The request's cookies (<c>IRequestCookieCollection</c>).</summary>
    private static bool IsRequestCookies(ITypeSymbol? type)
        => type is not null && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http"
            && (type.Name == "IRequestCookieCollection" || type.AllInterfaces.Any(i => i.Name == "IRequestCookieCollection"));

    /// <summary>
    /// A cookie that carries a sign-in or a session: ASP.NET Core's own (<c>.AspNetCore.Identity.Application</c>,
    /// <c>.AspNetCore.Cookies</c>, <c>.AspNetCore.Session</c>, antiforgery, correlation; not <c>.AspNetCore.Culture</c>),
    /// or one named for a session, a sign-in or a token.
    /// </summary>
    private static bool IsCredentialCookie(string name, RampartAnalyzerOptions options)
    {
        if (name.StartsWith(".AspNetCore.", System.StringComparison.OrdinalIgnoreCase) || name.StartsWith(".AspNet.", System.StringComparison.OrdinalIgnoreCase))
        {
            return name.IndexOf("Culture", System.StringComparison.OrdinalIgnoreCase) < 0 && name.IndexOf("Consent", System.StringComparison.OrdinalIgnoreCase) < 0;
        }

        foreach (var part in name.Split('.', '-', '_', ' '))
        {
            foreach (var word in Rampart.Analyzers.Detection.NameTokenizer.Split(part))
            {
                if (word is "session" or "sessionid" or "sid" or "auth" or "identity" or "ticket" or "remember" or "jwt")
                {
                    return true;
                }
            }
        }

        return Rampart.Analyzers.Detection.SecretNames.IsSecretName(name, options.SecretWords);
    }

    /// <summary>
    /// Objects whose text, when logged whole, is personal or secret: an Identity user (its ToString is the
    /// user name), a signed-in identity's name, the request's headers or cookies (Authorization, Cookie).
    /// </summary>
    private const string WholeUserName = "a user name";

    private const string EveryClaim = "every claim of the user (their name, e-mail and identifiers)";

    private static string? Whole(ITypeSymbol type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (t.Name == "IdentityUser" && t.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Identity")
            {
                return WholeUserName;
            }
        }

        if (type.Name is "AuthenticationHeaderValue" && type.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Headers")
        {
            return "the Authorization header (a credential)"; // request.Headers.Authorization of an outgoing request
        }

        if (ClientDataMembers.IsCallMetadata(type))
        {
            return "the call's metadata (its headers, authorization among them)";
        }

        if (type.Name is "MailAddress" or "MailAddressCollection" && type.ContainingNamespace?.ToDisplayString() == "System.Net.Mail")
        {
            return "an e-mail address"; // a mail's sender or recipients
        }

        if (type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http"
            && (type.Name is "IHeaderDictionary" or "IRequestCookieCollection" || type.AllInterfaces.Any(i => i.Name is "IHeaderDictionary" or "IRequestCookieCollection")))
        {
            return "the request's headers or cookies (credentials)";
        }

        return null;
    }

    /// <summary>The element type of an array or of a generic sequence, or null.</summary>
    private static ITypeSymbol? ElementOf(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && type.SpecialType == SpecialType.None
            && (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                || named.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)))
        {
            return named.TypeArguments[0];
        }

        return null;
    }

    /// <summary>Calls that return the same text in another form: the value is still logged.</summary>
    private static bool IsTextPreserving(IInvocationOperation call)
        => call.Arguments.Length <= 1 && call.TargetMethod.Name is "ToString" or "Trim" or "TrimStart" or "TrimEnd" or "ToLower" or "ToLowerInvariant"
            or "ToUpper" or "ToUpperInvariant" or "Normalize" or "AsSpan" or "AsMemory";

    /// <summary>The first public member of <paramref name="type"/> named like personal data.</summary>
    private static (string Name, string Description)? PersonalMember(INamedTypeSymbol type, LoggingSymbols symbols, RampartAnalyzerOptions options, System.Func<IPropertySymbol, bool>? written = null)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsFrameworkType(type))
        {
            return null;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, IsIndexer: false } property
                && IsLoggableScalar(property.Type, symbols)
                && (written is null || written(property))
                && symbols.ClassificationOf(property) is null
                && DescribeByName(property.Name, property.Type, property, symbols, options) is { } description)
            {
                return (property.Name, description);
            }
        }

        return null;
    }

    /// <summary>
    /// What a value named <paramref name="name"/> of <paramref name="type"/> looks like, or null.
    /// Members of the framework's own types are not personal data by name (<c>Type.FullName</c>,
    /// <c>FileInfo.FullName</c>, <c>Assembly.FullName</c>); an <c>IPAddress</c> is a client's
    /// address unless its name says it is the server's.
    /// </summary>
    private static string? DescribeByName(string? name, ITypeSymbol type, ISymbol? symbol, LoggingSymbols symbols, RampartAnalyzerOptions options, SemanticModel? model = null)
    {
        if (symbol is IPropertySymbol { Name: "Name" } identityName && identityName.ContainingType is { } identity
            && (identity.Name == "IIdentity" || identity.AllInterfaces.Any(i => i.Name == "IIdentity" && i.ContainingNamespace?.ToDisplayString() == "System.Security.Principal")))
        {
            return "a user name"; // the signed-in identity's name
        }

        // The operating system account the process runs as: on a desktop, the person at it.
        if (symbol is IPropertySymbol { Name: "UserName", IsStatic: true, ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } })
        {
            return "a user name (the operating system account)";
        }

        // A mail's sender or recipient (MailAddress.Address, .User): an e-mail address, not a postal one.
        if (symbol is IPropertySymbol { Name: "Address" or "User" or "DisplayName" } mail && mail.ContainingType is { Name: "MailAddress" } mailType
            && mailType.ContainingNamespace?.ToDisplayString() == "System.Net.Mail")
        {
            return mail.Name == "DisplayName" ? "a person's name" : "an e-mail address";
        }

        // A tuple's element is named by the code that declares it ("(string Phone, int Attempts)").
        if (symbol is IPropertySymbol or IFieldSymbol && symbol.ContainingType is { IsTupleType: false } owner && IsFrameworkType(owner))
        {
            return null;
        }

        if (symbols.IpAddress is not null && SymbolEqualityComparer.Default.Equals(type, symbols.IpAddress) && !(symbol?.IsStatic ?? false))
        {
            return PersonalDataNames.IsMachineName(name) ? null : "an IP address";
        }

        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { ContainingType: { } sender } method }
            && PersonalDataNames.AddresseeOf(name, method.Name, sender.Name) is { } addressee)
        {
            return addressee;
        }

        // A SignalR hub method's "text" or "message": what one user sent another.
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { ContainingType: { } hub } } sent
            && string.Concat(NameTokenizer.Split(sent.Name)) is "text" or "message" or "messagetext" or "content" or "body" or "messagebody"
            && IsSignalRHub(hub))
        {
            return "a chat message's text";
        }

        // HttpContext.Session.Id: whoever holds it is that session.
        if (symbol is IPropertySymbol { Name: "Id" } sessionId && sessionId.ContainingType is { Name: "ISession" } session
            && session.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http")
        {
            return "a session id";
        }

        var description = PersonalDataNames.Describe(name, options.PersonalDataWords, options.SecretWords);
        // "SmtpOptions.FromAddress", "SSHSettings.Username", "SmtpOptions.Email": the sender, login or mailbox
        // an application is configured with is a service account's, not a person's (a person's settings
        // type, "UserSettings", still counts).
        if (description is PersonalDataNames.MailRoleAddress or "a user name" or "an e-mail address"
            && symbol is IPropertySymbol or IFieldSymbol && symbol.ContainingType is { } settings
            && PersonalDataNames.IsSettingsType(settings.Name))
        {
            return null;
        }

        // "FullName" is as often a path or a type's name as a person's: it counts on a person's type only,
        // or on a type that also holds what only a person has ("SignupRequest(Email, Password, FullName)").
        if (description is null && PersonalDataNames.IsDisplayName(name) && symbol?.ContainingType is { } person
            && (PersonalDataNames.IsPersonType(person.Name) || HoldsPersonOnlyData(person, symbol, options)))
        {
            return "a person's name";
        }

        // "medications", "diagnosis": health data by its name, wherever it is held.
        if (description is null && symbol is not (IPropertySymbol or IFieldSymbol) && PersonalDataNames.IsHealthWord(name))
        {
            return "health data";
        }

        if (description is null && symbol is IPropertySymbol or IFieldSymbol && symbol.ContainingType is { } record
            && PersonalDataNames.IsHealthMember(name, record.Name))
        {
            return "health data";
        }

        // PayrollEmployee.Sin, Claimant.Ni: a country's short tax id, on a person's type only (Math.Sin is not).
        if (description is null && symbol is IPropertySymbol or IFieldSymbol && symbol.ContainingType is { } holder
            && PersonalDataNames.IsShortTaxId(name) && (PersonalDataNames.IsPersonType(holder.Name) || PersonalDataNames.IsPersonRoleType(holder.Name)))
        {
            return "a national identification number";
        }

        // var email = $"tpl-{templateKey}-v3": a local named for an e-mail that holds a template's id.
        if (description == "an e-mail address" && symbol is ILocalSymbol local && TemplateIdLocal.HoldsTemplateId(local))
        {
            return null;
        }

        // "employee.Name", "patient.Name": the plain name of a type that is one person.
        if (description is null && name == "Name" && symbol is IPropertySymbol or IFieldSymbol && symbol.ContainingType is { } role
            && PersonalDataNames.IsPersonRoleType(role.Name))
        {
            return "a person's name";
        }

        if (description is not null && PersonalDataNames.IsFullName(name)
            && !(symbol?.ContainingType is { } type2 && (PersonalDataNames.IsPersonType(type2.Name) || HoldsPersonOnlyData(type2, symbol!, options)))
            && !FullNameVariable.IsPersonsName(symbol, model))
        {
            return null;
        }

        return description;
    }

    /// <summary>What only a person has: an e-mail address, a phone number, a date of birth, an identity document, a given or family name.</summary>
    private static readonly string[] PersonOnlyData =
    {
        "an e-mail address", "a phone number", "a date of birth", "a national identification number", "a passport number", "a driving licence number",
    };

    /// <summary>
    /// True when a type declared in this compilation has another public member named for what only a person
    /// has (an e-mail, a phone number, a date of birth, a given name): its full or display name is that person's.
    /// </summary>
    private static bool HoldsPersonOnlyData(INamedTypeSymbol type, ISymbol self, RampartAnalyzerOptions options)
    {
        if (type.Locations.Length == 0 || !type.Locations[0].IsInSource || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is not IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } property
                || SymbolEqualityComparer.Default.Equals(property, self))
            {
                continue;
            }

            var words = NameTokenizer.Split(property.Name);
            if (words.Count == 2 && words[1] == "name" && words[0] is "first" or "last" or "given" or "family" or "middle")
            {
                return true;
            }

            if (PersonalDataNames.Describe(property.Name, options.PersonalDataWords, options.SecretWords) is { } described
                && System.Array.IndexOf(PersonOnlyData, described) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Types of the .NET libraries themselves (System.*), except those that carry a person's data by design.</summary>
    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        if (ns?.Name != "System")
        {
            return false;
        }

        var full = type.ContainingNamespace!.ToDisplayString();
        return full != "System.Net.Mail" && full != "System.Net" && full != "System.Security.Claims";
    }

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor rule, SyntaxNode reportAt, string name, Classification classification, IParameterSymbol? loggerMessageParameter, Pin? pin = null)
    {
        var what = classification.Member is null ? classification.Name : classification.Name + " (member '" + classification.Member + "')";
        var properties = ImmutableDictionary<string, string?>.Empty;
        var additional = ImmutableArray<Location>.Empty;
        if (loggerMessageParameter is not null && classification.AttributeType is { } attribute && classification.Member is null
            && attribute.InstanceConstructors.Any(c => c.Parameters.Length == 0)
            && loggerMessageParameter.Locations.Length > 0 && loggerMessageParameter.Locations[0].IsInSource
            && loggerMessageParameter.ContainingSymbol is IMethodSymbol loggerMessage
            && LoggerMessageRedaction.RedactsClassifiedParameters(loggerMessage, context.Compilation))
        {
            // The fix adds the same classification attribute to the [LoggerMessage] parameter (which only the
            // compliance generator redacts).
            properties = properties.Add(RampartRules.ClassificationAttributeProperty, attribute.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            additional = ImmutableArray.Create(loggerMessageParameter.Locations[0]);
        }

        Emit(context, pin, Diagnostic.Create(rule, reportAt.GetLocation(), additional, properties, name, what));
    }

    /// <summary>
    /// A value followed to its origin is reported where it is logged, once: "var who = $"{m.FirstName} {m.LastName}"" is one
    /// logged value, not two.
    /// </summary>
    private sealed class Pin
    {
        public bool Reported { get; set; }
    }

    private static void Emit(OperationAnalysisContext context, Pin? pin, Diagnostic diagnostic)
    {
        if (pin is not null)
        {
            if (pin.Reported)
            {
                return;
            }

            pin.Reported = true;
        }

        context.ReportDiagnostic(diagnostic);
    }

    private static IParameterSymbol Declared(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is IMethodSymbol { PartialDefinitionPart: { } definition } && parameter.Ordinal < definition.Parameters.Length)
        {
            return definition.Parameters[parameter.Ordinal];
        }

        return parameter.OriginalDefinition;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation property => property.Property,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IInvocationOperation invocation => invocation.TargetMethod,
        _ => null,
    };

    /// <summary>The name a value is logged under: the symbol's, or an indexer's constant key ("Authorization").</summary>
    private static string? NameOf(IOperation operation, ISymbol? symbol)
    {
        if (operation is IPropertyReferenceOperation { Property.IsIndexer: true } indexer)
        {
            return indexer.Arguments.Length == 1 && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } ? key : null;
        }

        // metadata.GetValue("authorization"): the key names the entry.
        if (operation is IInvocationOperation lookup && ClientDataMembers.LookedUpKey(lookup) is { } lookedUp)
        {
            return lookedUp;
        }

        // Environment.GetEnvironmentVariable("DB_PASSWORD"): the variable's name names its value.
        if (operation is IInvocationOperation { TargetMethod: { Name: "GetEnvironmentVariable", ContainingType.Name: "Environment" } } variable
            && variable.Arguments.Length >= 1 && variable.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string variableName })
        {
            return variableName;
        }

        // GetConnectionString("Orders"), GetUserName(principal), GetEmail(): the method names what it returns.
        if (symbol is IMethodSymbol method)
        {
            // GenerateTwoFactorTokenAsync, GeneratePasswordResetTokenAsync: the token it makes.
            if (method.Name.StartsWith("Generate", System.StringComparison.Ordinal) && method.Name.Length > 8 && char.IsUpper(method.Name[8]))
            {
                var made = method.Name.Substring(8);
                return made.EndsWith("Async", System.StringComparison.Ordinal) ? made.Substring(0, made.Length - 5) : made;
            }

            if (PrimaryKeyAccessor.Returns(method))
            {
                return null; // a record's or grain's id, whatever "key" suggests
            }

            return method.Name.Length > 3 && method.Name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(method.Name[3])
                ? method.Name.Substring(3)
                : null;
        }

        return symbol?.Name;
    }

    /// <summary>Values whose text is the data: strings, numbers, dates. Not booleans, enums, counts of things.</summary>
    private static bool IsLoggableScalar(ITypeSymbol type, LoggingSymbols symbols)
    {
        if (symbols.IpAddress is not null && SymbolEqualityComparer.Default.Equals(type, symbols.IpAddress))
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_DateTime:
            case SpecialType.System_Object:
            case SpecialType.System_Double: // a latitude or longitude
            case SpecialType.System_Decimal:
                return true;
        }

        var name = type.ToDisplayString();
        return name is "System.DateOnly" or "System.DateTimeOffset" or "Microsoft.Extensions.Primitives.StringValues" or "System.ReadOnlySpan<char>";
    }

    private static bool IsSignalRHub(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.Name == "Hub" && t.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An enum parameter is plumbing (a level, a status) unless its name is a special category ("BloodType bloodType").</summary>
    private static bool IsPlumbing(IParameterSymbol parameter, LoggingSymbols symbols)
        => IsPlumbing(parameter.Type, symbols) && !(parameter.Type.TypeKind == TypeKind.Enum && SpecialCategoryNames.Describe(parameter.Name) is not null);

    private static bool IsPlumbing(ITypeSymbol type, LoggingSymbols symbols)
    {
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Logger) || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, symbols.Exception))
            {
                return true;
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface, symbols.Logger))
            {
                return true;
            }
        }

        return false;
    }

    internal static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
