using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Rampart.Analyzers.Logging;

/// <summary>The types the logging rules need, resolved once per compilation.</summary>
internal sealed partial class LoggingSymbols
{
    public const string DataClassificationAttributeName = "Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute";
    public const string PersonalDataAttributeName = "Microsoft.AspNetCore.Identity.PersonalDataAttribute";

    private readonly ConcurrentDictionary<ITypeSymbol, Classification?> _typeCache = new(SymbolEqualityComparer.Default);

    private LoggingSymbols(Compilation compilation, INamedTypeSymbol logger)
    {
        Logger = logger;
        LoggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
        LoggerMessageAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute");
        LogPropertiesAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LogPropertiesAttribute");
        DataClassificationAttribute = compilation.GetTypeByMetadataName(DataClassificationAttributeName);
        PersonalDataAttribute = compilation.GetTypeByMetadataName(PersonalDataAttributeName);
        SerilogLog = compilation.GetTypeByMetadataName("Serilog.Log");
        SerilogLogger = compilation.GetTypeByMetadataName("Serilog.ILogger");
        NLogLogger = compilation.GetTypeByMetadataName("NLog.Logger");
        NLogLoggerBase = compilation.GetTypeByMetadataName("NLog.ILoggerBase");
        LambdaLogger = compilation.GetTypeByMetadataName(LambdaLoggerName);
        LambdaStaticLogger = compilation.GetTypeByMetadataName("Amazon.Lambda.Core.LambdaLogger");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IpAddress = compilation.GetTypeByMetadataName("System.Net.IPAddress");
        MailAddress = compilation.GetTypeByMetadataName("System.Net.Mail.MailAddress");
        MailAddressCollection = compilation.GetTypeByMetadataName("System.Net.Mail.MailAddressCollection");

        // A service: a web application (ASP.NET Core) or a hosted worker (Microsoft.Extensions.Hosting).
        // Its stdout and stderr are the log the container runtime or the service manager collects.
        IsService = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext") is not null
            || compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService") is not null;
        if (IsService)
        {
            Console = compilation.GetTypeByMetadataName("System.Console");
            Trace = compilation.GetTypeByMetadataName("System.Diagnostics.Trace");
            TraceSource = compilation.GetTypeByMetadataName("System.Diagnostics.TraceSource");
            TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        }
    }

    public INamedTypeSymbol? MailAddress { get; }

    /// <summary>Serilog's static logger (<c>Serilog.Log</c>), or null.</summary>
    public INamedTypeSymbol? SerilogLog { get; }

    /// <summary>Serilog's logger interface (<c>Serilog.ILogger</c>), or null.</summary>
    public INamedTypeSymbol? SerilogLogger { get; }

    /// <summary>
    /// True for a Serilog write (<c>Log.Information</c>, <c>logger.Warning</c>, <c>Write</c> …) on the static
    /// <c>Serilog.Log</c> or on a <c>Serilog.ILogger</c>: no redactor applies to its property values.
    /// </summary>
    public bool IsSerilogWrite(IMethodSymbol method)
    {
        if (SerilogLog is null && SerilogLogger is null
            || method.Name is not ("Write" or "Verbose" or "Debug" or "Information" or "Warning" or "Error" or "Fatal"))
        {
            return false;
        }

        var containing = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(containing, SerilogLog) || SymbolEqualityComparer.Default.Equals(containing, SerilogLogger))
        {
            return true;
        }

        if (SerilogLogger is null || method.IsStatic)
        {
            return false;
        }

        foreach (var implemented in containing.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, SerilogLogger))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A call that attaches a named property to the events written after it, which every sink writes with
    /// them: Serilog's <c>ForContext(propertyName, value)</c> and <c>LogContext.PushProperty</c>, NLog's
    /// <c>WithProperty</c>, <c>PushScopeProperty</c>, <c>ScopeContext.PushProperty</c> and the diagnostics
    /// contexts' <c>Set</c>. Its first parameter is the property's name, its second the value.
    /// </summary>
    public static bool AttachesProperty(IMethodSymbol method)
    {
        // The name first: every other invocation of the compilation passes here, and only these few need their namespace.
        if (method.Name is not ("ForContext" or "PushProperty" or "WithProperty" or "PushScopeProperty" or "Set")
            || method.Parameters.Length < 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_String || method.ContainingType is not { } type)
        {
            return false;
        }

        var space = type.ContainingNamespace?.ToDisplayString();
        return method.Name switch
        {
            "ForContext" => space is not null && space.StartsWith("Serilog", System.StringComparison.Ordinal) && method.Parameters[0].Name == "propertyName",
            "PushProperty" => space is "Serilog.Context" or "NLog",
            "WithProperty" or "PushScopeProperty" => space == "NLog",
            _ => space == "NLog" && type.Name is "MappedDiagnosticsLogicalContext" or "MappedDiagnosticsContext" or "GlobalDiagnosticsContext",
        };
    }

    /// <summary>NLog's logger class (<c>NLog.Logger</c>), or null.</summary>
    public INamedTypeSymbol? NLogLogger { get; }

    /// <summary>NLog's base logger interface (<c>NLog.ILoggerBase</c>, which <c>NLog.ILogger</c> extends), or null.</summary>
    public INamedTypeSymbol? NLogLoggerBase { get; }

    /// <summary>
    /// True for an NLog write (<c>Trace</c>, <c>Debug</c>, <c>Info</c>, <c>Warn</c>, <c>Error</c>, <c>Fatal</c>,
    /// <c>Log</c> and the <c>Conditional</c> ones) on an <c>NLog.Logger</c>, a type derived from it, or an
    /// <c>NLog.ILogger</c>: NLog writes its arguments as they are, with no redactor.
    /// </summary>
    public bool IsNLogWrite(IMethodSymbol method)
    {
        if (NLogLogger is null && NLogLoggerBase is null
            || method.IsStatic
            || method.Name is not ("Trace" or "Debug" or "Info" or "Warn" or "Error" or "Fatal" or "Log" or "ConditionalTrace" or "ConditionalDebug"))
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, NLogLogger) || SymbolEqualityComparer.Default.Equals(type, NLogLoggerBase))
            {
                return true;
            }
        }

        if (NLogLoggerBase is not null)
        {
            foreach (var implemented in method.ContainingType.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, NLogLoggerBase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public INamedTypeSymbol? MailAddressCollection { get; }

    /// <summary>True for a web application or a hosted worker, where Console and Trace writes are the log.</summary>
    public bool IsService { get; }

    /// <summary>System.Console, in a service only.</summary>
    public INamedTypeSymbol? Console { get; }

    /// <summary>System.Diagnostics.Trace, in a service only.</summary>
    public INamedTypeSymbol? Trace { get; }

    /// <summary>System.Diagnostics.TraceSource, in a service only.</summary>
    public INamedTypeSymbol? TraceSource { get; }

    /// <summary>System.IO.TextWriter (Console.Out, Console.Error), in a service only.</summary>
    public INamedTypeSymbol? TextWriter { get; }

    public INamedTypeSymbol? IpAddress { get; }

    public INamedTypeSymbol Logger { get; }

    public INamedTypeSymbol? LoggerExtensions { get; }

    public INamedTypeSymbol? LoggerMessageAttribute { get; }

    public INamedTypeSymbol? LogPropertiesAttribute { get; }

    public INamedTypeSymbol? DataClassificationAttribute { get; }

    public INamedTypeSymbol? PersonalDataAttribute { get; }

    public INamedTypeSymbol? Exception { get; }

    public INamedTypeSymbol Enumerable { get; }

    /// <summary>True when classification attributes exist in this compilation at all.</summary>
    public bool KnowsClassifications => DataClassificationAttribute is not null || PersonalDataAttribute is not null;

    public static LoggingSymbols? Create(Compilation compilation)
        => (compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger")
                ?? compilation.GetTypeByMetadataName("Serilog.ILogger")
                ?? compilation.GetTypeByMetadataName("NLog.ILoggerBase")
                ?? compilation.GetTypeByMetadataName("NLog.Logger")
                ?? compilation.GetTypeByMetadataName(LambdaLoggerName)) is { } logger
            ? new LoggingSymbols(compilation, logger)
            : null;

    /// <summary>The classification attribute on <paramref name="symbol"/>, or null.</summary>
    public Classification? ClassificationOf(ISymbol symbol)
    {
        if (!KnowsClassifications)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && AttributeClassification(type) is { } classification
                && !IsIdentityMarkerOnNonPersonalValue(type, symbol))
            {
                return classification;
            }
        }

        return null;
    }

    /// <summary>
    /// ASP.NET Identity puts [PersonalData] on the user's id and on flags (EmailConfirmed,
    /// TwoFactorEnabled) so that they are included in a personal-data download; an id or a yes/no
    /// flag in a log identifies or describes no one by itself, so those are not reported.
    /// </summary>
    private bool IsIdentityMarkerOnNonPersonalValue(INamedTypeSymbol attribute, ISymbol symbol)
    {
        if (PersonalDataAttribute is null || !SymbolEqualityComparer.Default.Equals(attribute, PersonalDataAttribute))
        {
            return false;
        }

        var type = symbol switch
        {
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType == SpecialType.System_Boolean
            || symbol.Name == "Id" || (symbol.Name.EndsWith("Id", System.StringComparison.Ordinal) && symbol.Name.Length > 2 && char.IsLower(symbol.Name[symbol.Name.Length - 3]));
    }

    /// <summary>
    /// How an object written member by member ("{@Profile}") is classified: its first classified
    /// public member, whether or not the type prints its members itself.
    /// </summary>
    public Classification? ClassificationOfMembers(INamedTypeSymbol type)
    {
        if (!KnowsClassifications || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return null;
        }

        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (!member.IsStatic && member.DeclaredAccessibility == Accessibility.Public && member is IPropertySymbol or IFieldSymbol
                    && ClassificationOf(member) is { } classification)
                {
                    return new Classification(classification.AttributeType, classification.Name, member.Name);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The first public member of <paramref name="type"/> or its base types that is personal by an
    /// ASP.NET Core Identity attribute (<c>[PersonalData]</c>, <c>[ProtectedPersonalData]</c>; an
    /// Identity user's <c>UserName</c>, <c>Email</c>, <c>PhoneNumber</c>): the logging generator's
    /// <c>[LogProperties]</c> writes such members as they are, since it redacts only data classifications.
    /// Ids and flags are not personal (see <see cref="ClassificationOf"/>).
    /// </summary>
    public Classification? UnredactedMember(INamedTypeSymbol type)
    {
        if (PersonalDataAttribute is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return null;
        }

        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, IsIndexer: false }
                    && ClassificationOf(member) is { AttributeType: null } classification)
                {
                    return new Classification(null, classification.Name, member.Name);
                }
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="symbol"/> has the given attribute (or one derived from it).</summary>
    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, attributeType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// How a value of <paramref name="type"/> is classified: the type's own attribute, or the
    /// classified members a record (or a type with its own ToString) prints, or the same for the
    /// element type of a collection.
    /// </summary>
    public Classification? ClassificationOfType(ITypeSymbol type)
    {
        if (!KnowsClassifications || type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Pointer or TypeKind.Dynamic or TypeKind.Error or TypeKind.TypeParameter)
        {
            return null;
        }

        return _typeCache.GetOrAdd(type, t => ComputeTypeClassification(t, depth: 0));
    }

    private Classification? ComputeTypeClassification(ITypeSymbol type, int depth)
    {
        if (type is IArrayTypeSymbol array)
        {
            return depth < 2 && array.ElementType.SpecialType == SpecialType.None ? ComputeTypeClassification(array.ElementType, depth + 1) : null;
        }

        if (TypeOwnClassification(type) is { } own)
        {
            return own;
        }

        if (type is INamedTypeSymbol named && depth < 2)
        {
            foreach (var @interface in named.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, Enumerable) && @interface.TypeArguments[0].SpecialType == SpecialType.None)
                {
                    return ComputeTypeClassification(@interface.TypeArguments[0], depth + 1);
                }
            }

            if (!PrintsMembers(named))
            {
                return null;
            }

            foreach (var member in named.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member is not (IPropertySymbol or IFieldSymbol))
                {
                    continue;
                }

                if (ClassificationOf(member) is { } classification)
                {
                    return new Classification(classification.AttributeType, classification.Name, member.Name);
                }
            }
        }

        return null;
    }

    /// <summary>Records and anonymous types print their members; so does a type that overrides ToString.</summary>
    private static bool PrintsMembers(INamedTypeSymbol type)
    {
        if (type.IsRecord || type.IsAnonymousType)
        {
            return true;
        }

        foreach (var member in type.GetMembers("ToString"))
        {
            if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 0 })
            {
                return true;
            }
        }

        return false;
    }

    private Classification? AttributeClassification(INamedTypeSymbol attributeClass)
    {
        if (IsClassificationAttribute(attributeClass, out var isDataClassification))
        {
            var name = attributeClass.Name.EndsWith("Attribute", System.StringComparison.Ordinal)
                ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length)
                : attributeClass.Name;
            return new Classification(isDataClassification ? attributeClass : null, name, member: null);
        }

        return null;
    }

    private Classification? TypeOwnClassification(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeType && AttributeClassification(attributeType) is { } classification)
            {
                return classification;
            }
        }

        return null;
    }

    private bool IsClassificationAttribute(INamedTypeSymbol type, out bool isDataClassification)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (DataClassificationAttribute is not null && SymbolEqualityComparer.Default.Equals(t, DataClassificationAttribute))
            {
                isDataClassification = true;
                return true;
            }

            if (PersonalDataAttribute is not null && SymbolEqualityComparer.Default.Equals(t, PersonalDataAttribute))
            {
                isDataClassification = false;
                return true;
            }
        }

        isDataClassification = false;
        return false;
    }
}

/// <summary>How a value is classified.</summary>
internal sealed class Classification
{
    public Classification(INamedTypeSymbol? attributeType, string name, string? member)
    {
        AttributeType = attributeType;
        Name = name;
        Member = member;
    }

    /// <summary>The DataClassificationAttribute-derived attribute, or null for ASP.NET Identity's attributes.</summary>
    public INamedTypeSymbol? AttributeType { get; }

    /// <summary>The attribute's name without "Attribute" ("PersonalData").</summary>
    public string Name { get; }

    /// <summary>When the value is an object, the classified member it contains.</summary>
    public string? Member { get; }
}
