using Microsoft.CodeAnalysis;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// AWS Lambda's logger: <c>ILambdaContext.Logger</c> (<c>ILambdaLogger</c>) and the static
/// <c>LambdaLogger.Log</c>. What they write goes to CloudWatch Logs as it is: no redactor applies.
/// </summary>
internal sealed partial class LoggingSymbols
{
    private const string LambdaLoggerName = "Amazon.Lambda.Core.ILambdaLogger";

    /// <summary><c>Amazon.Lambda.Core.ILambdaLogger</c>, or null.</summary>
    public INamedTypeSymbol? LambdaLogger { get; }

    /// <summary><c>Amazon.Lambda.Core.LambdaLogger</c> (static), or null.</summary>
    public INamedTypeSymbol? LambdaStaticLogger { get; }

    /// <summary>
    /// True for a write of the Lambda logger: <c>Log</c>, <c>LogLine</c> and the leveled
    /// <c>LogInformation</c> … <c>LogCritical</c> (a message, with a template's arguments in newer versions).
    /// </summary>
    public bool IsLambdaWrite(IMethodSymbol method)
    {
        if (LambdaLogger is null && LambdaStaticLogger is null
            || method.Name is not ("Log" or "LogLine" or "LogTrace" or "LogDebug" or "LogInformation" or "LogWarning" or "LogError" or "LogCritical"))
        {
            return false;
        }

        var containing = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(containing, LambdaStaticLogger) || SymbolEqualityComparer.Default.Equals(containing, LambdaLogger))
        {
            return true;
        }

        if (LambdaLogger is null || method.IsStatic)
        {
            return false;
        }

        foreach (var implemented in containing.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, LambdaLogger))
            {
                return true;
            }
        }

        return false;
    }
}
