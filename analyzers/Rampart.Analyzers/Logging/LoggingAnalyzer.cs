using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
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
        RampartRules.PersonalDataLoggedByName);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // No ILogger in the compilation: nothing to check.
            if (LoggingSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            if (symbols.LoggerMessageAttribute is not null)
            {
                start.RegisterSymbolAction(c => AnalyzeLoggerMessageMethod(c, symbols), SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LoggingSymbols symbols)
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
            AnalyzeUnredactedCall(context, symbols, invocation);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(containing, symbols.Logger) && (method.Name == "BeginScope" || method.Name == "Log"))
        {
            AnalyzeUnredactedCall(context, symbols, invocation);
            return;
        }

        if (symbols.LoggerMessageAttribute is not null && LoggingSymbols.HasAttribute(method.PartialDefinitionPart ?? method, symbols.LoggerMessageAttribute))
        {
            AnalyzeLoggerMessageCall(context, symbols, invocation);
        }
    }

    /// <summary>LoggerExtensions and ILogger calls: no redactor applies to any argument.</summary>
    private static void AnalyzeUnredactedCall(OperationAnalysisContext context, LoggingSymbols symbols, IInvocationOperation invocation)
    {
        var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);
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
                    foreach (var element in initializer.ElementValues)
                    {
                        AnalyzeValue(context, symbols, options, element, loggerMessageParameter: null);
                    }
                }
                else if (!argument.IsImplicit)
                {
                    // An array (or a value converting to one, such as StringValues) passed as the args array itself.
                    AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
                }

                continue;
            }

            var name = parameter.Name;
            if (name == "message" || name == "messageFormat")
            {
                AnalyzeMessage(context, symbols, options, argument.Value);
            }
            else if (name == "state")
            {
                AnalyzeValue(context, symbols, options, argument.Value, loggerMessageParameter: null);
            }
        }
    }

    /// <summary>Values interpolated or concatenated into the message text.</summary>
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

            case { ConstantValue.HasValue: true }:
                break;

            case { } other:
                // The message itself is a variable: whatever it holds is logged.
                AnalyzeValue(context, symbols, options, other, loggerMessageParameter: null);
                break;
        }
    }

    /// <summary>[LoggerMessage] calls: a parameter with a classification attribute is redacted by the generator.</summary>
    private static void AnalyzeLoggerMessageCall(OperationAnalysisContext context, LoggingSymbols symbols, IInvocationOperation invocation)
    {
        var options = RampartAnalyzerOptions.For(context.Options, invocation.Syntax.SyntaxTree);
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || IsPlumbing(parameter.Type, symbols))
            {
                continue;
            }

            var declared = Declared(parameter);
            if (symbols.ClassificationOf(declared) is not null)
            {
                continue; // redacted by the logging generator
            }

            if (LoggingSymbols.HasAttribute(declared, symbols.LogPropertiesAttribute))
            {
                // The generator redacts [DataClassification]-derived members; Identity's [PersonalData] it does not know.
                if (symbols.ClassificationOfType(parameter.Type) is { AttributeType: null } identityOnly)
                {
                    Report(context, RampartRules.ClassifiedDataLogged, argument.Value, parameter.Name, identityOnly, null);
                }

                continue;
            }

            if (symbols.ClassificationOfType(declared.Type) is not null && declared.Locations.Length > 0 && declared.Locations[0].IsInSource)
            {
                continue; // reported once, on the parameter's declaration
            }

            AnalyzeValue(context, symbols, options, argument.Value, declared, byName: false);
        }
    }

    /// <summary>RMP0008 on a [LoggerMessage] method's declaration: a parameter named like personal data, unclassified.</summary>
    private static void AnalyzeLoggerMessageMethod(SymbolAnalysisContext context, LoggingSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!method.IsPartialDefinition && method.PartialImplementationPart is null && method.PartialDefinitionPart is not null)
        {
            return;
        }

        if (!LoggingSymbols.HasAttribute(method, symbols.LoggerMessageAttribute) || method.Locations.Length == 0 || !method.Locations[0].IsInSource)
        {
            return;
        }

        var options = RampartAnalyzerOptions.For(context.Options, method.Locations[0].SourceTree!);
        foreach (var parameter in method.Parameters)
        {
            if (IsPlumbing(parameter.Type, symbols) || symbols.ClassificationOf(parameter) is not null
                || LoggingSymbols.HasAttribute(parameter, symbols.LogPropertiesAttribute))
            {
                continue;
            }

            // A parameter whose type is classified (or prints classified members) needs a classification
            // attribute (or [LogProperties]) for the generator to redact it.
            if (symbols.ClassificationOfType(parameter.Type) is { } classification && parameter.Locations.Length > 0)
            {
                var what = classification.Member is null ? classification.Name : classification.Name + " (member '" + classification.Member + "')";
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.ClassifiedDataLogged, parameter.Locations[0], parameter.Name, what));
                continue;
            }

            if (!IsLoggableScalar(parameter.Type))
            {
                continue;
            }

            if (PersonalDataNames.Describe(parameter.Name, options.PersonalDataWords, options.SecretWords) is { } description
                && parameter.Locations.Length > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, parameter.Locations[0], parameter.Name, description));
            }
        }
    }

    private static void AnalyzeValue(
        OperationAnalysisContext context,
        LoggingSymbols symbols,
        RampartAnalyzerOptions options,
        IOperation value,
        IParameterSymbol? loggerMessageParameter,
        bool byName = true)
    {
        var operation = Unwrap(value);
        if (operation.ConstantValue.HasValue)
        {
            return;
        }

        var symbol = ReferencedSymbol(operation);
        var classification = (symbol is null ? null : symbols.ClassificationOf(symbol))
            ?? (operation.Type is { } type ? symbols.ClassificationOfType(type) : null);
        if (classification is not null)
        {
            var name = symbol?.Name ?? operation.Syntax.ToString();
            Report(context, RampartRules.ClassifiedDataLogged, operation, name, classification, loggerMessageParameter);
            return;
        }

        if (!byName || operation.Type is not { } valueType || !IsLoggableScalar(valueType))
        {
            return;
        }

        var logged = NameOf(operation, symbol);
        if (PersonalDataNames.Describe(logged, options.PersonalDataWords, options.SecretWords) is { } description)
        {
            context.ReportDiagnostic(Diagnostic.Create(RampartRules.PersonalDataLoggedByName, operation.Syntax.GetLocation(), logged, description));
        }
    }

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor rule, IOperation operation, string name, Classification classification, IParameterSymbol? loggerMessageParameter)
    {
        var what = classification.Member is null ? classification.Name : classification.Name + " (member '" + classification.Member + "')";
        var properties = ImmutableDictionary<string, string?>.Empty;
        var additional = ImmutableArray<Location>.Empty;
        if (loggerMessageParameter is not null && classification.AttributeType is { } attribute && classification.Member is null
            && attribute.InstanceConstructors.Any(c => c.Parameters.Length == 0)
            && loggerMessageParameter.Locations.Length > 0 && loggerMessageParameter.Locations[0].IsInSource)
        {
            // The fix adds the same classification attribute to the [LoggerMessage] parameter.
            properties = properties.Add(RampartRules.ClassificationAttributeProperty, attribute.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            additional = ImmutableArray.Create(loggerMessageParameter.Locations[0]);
        }

        context.ReportDiagnostic(Diagnostic.Create(rule, operation.Syntax.GetLocation(), additional, properties, name, what));
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

        return symbol is IMethodSymbol ? null : symbol?.Name;
    }

    /// <summary>Values whose text is the data: strings, numbers, dates. Not booleans, enums, counts of things.</summary>
    private static bool IsLoggableScalar(ITypeSymbol type)
    {
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
                return true;
        }

        var name = type.ToDisplayString();
        return name is "System.DateOnly" or "System.DateTimeOffset" or "Microsoft.Extensions.Primitives.StringValues" or "System.ReadOnlySpan<char>";
    }

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

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
