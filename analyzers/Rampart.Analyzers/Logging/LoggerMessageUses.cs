using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// A <c>[LoggerMessage]</c> parameter that is suspect by its name alone is judged by what the
/// compilation passes to it: its diagnostic waits until the end of the compilation and is reported
/// unless the method is called and every call passes a value whose name says it was made safe
/// (<c>_userFacingConnectionString</c>, <c>sanitizedConnectionString</c>, <c>maskedEmail</c>).
/// </summary>
/// <remarks>
/// Only methods that no other assembly can call are held back, so every caller is in view. The cost is
/// one dictionary entry per held-back parameter and one name check per argument of a
/// <c>[LoggerMessage]</c> call; no call site is searched for.
/// </remarks>
internal sealed class LoggerMessageUses
{
    private readonly ConcurrentDictionary<IParameterSymbol, Diagnostic> _pending = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _called = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _passedUnsafe = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<Diagnostic> _unconditional = new();

    /// <summary>True when only this assembly can call <paramref name="method"/>.</summary>
    public static bool CallersAreInView(IMethodSymbol method)
    {
        for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
            {
                return true;
            }
        }

        return false;
    }

    public void Defer(IParameterSymbol parameter, Diagnostic diagnostic) => _pending[parameter] = diagnostic;

    /// <summary>A diagnostic of a compilation-end rule that no caller can clear (other assemblies call the method).</summary>
    public void ReportAtEnd(Diagnostic diagnostic) => _unconditional.Add(diagnostic);

    /// <summary>A call passes a value to <paramref name="parameter"/> (the declaring half's).</summary>
    public void Passed(IParameterSymbol parameter, bool madeSafe)
    {
        _called[parameter] = true;
        if (!madeSafe)
        {
            _passedUnsafe[parameter] = true;
        }
    }

    /// <summary>The held-back diagnostics of parameters never called, or given an unsafe value by some call.</summary>
    public IEnumerable<Diagnostic> Unsafe()
    {
        foreach (var diagnostic in _unconditional)
        {
            yield return diagnostic;
        }

        foreach (var entry in _pending)
        {
            if (!_called.ContainsKey(entry.Key) || _passedUnsafe.ContainsKey(entry.Key))
            {
                yield return entry.Value;
            }
        }
    }
}
