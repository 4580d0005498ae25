using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Types shared by the logging tests: a taxonomy, classified models and logger methods. Their [LoggerMessage]
/// methods carry classified and [LogProperties] parameters, so the build they describe runs the compliance
/// generator (Microsoft.Gen.Logging): tests that use them run it.
/// </summary>
internal static class LoggingSources
{
    public const string Model = """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Logging;

        namespace Demo
        {
            public sealed class PrivateDataAttribute : DataClassificationAttribute
            {
                public PrivateDataAttribute() : base(new DataClassification("Demo", "Private")) { }
            }

            public sealed class User
            {
                [PrivateData] public string Email { get; set; } = "";
                [PersonalData] public string Phone { get; set; } = "";
                [ProtectedPersonalData] public string TaxNumber { get; set; } = "";
                public string Id { get; set; } = "";
            }

            public sealed record Customer([property: PrivateData] string Email, string Id);

            [PrivateData]
            public sealed class Address { public override string ToString() => "..."; }

            public sealed class Plain { [PrivateData] public string Email { get; set; } = ""; }

            public sealed record IdentityOnly([property: PersonalData] string Name);

            public static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "Signed in {Value}")]
                public static partial void SignedIn(ILogger logger, string value);

                [LoggerMessage(2, LogLevel.Information, "Signed in {Value}")]
                public static partial void SignedInRedacted(ILogger logger, [PrivateData] string value);

                [LoggerMessage(3, LogLevel.Information, "Customer seen")]
                public static partial void CustomerSeen(ILogger logger, [LogProperties] Customer customer);

                [LoggerMessage(5, LogLevel.Information, "Ordered {Other}")]
                public static partial void Ordered(ILogger logger, string other);
            }
        }
        """;

    /// <summary>
    /// In a build that runs the plain logging generator, the model's classified [LoggerMessage] parameter
    /// (<c>SignedInRedacted</c>'s <c>value</c>) is logged in clear: RMP0007 on it.
    /// </summary>
    public static DiagnosticResult ClassifiedParameterInPlainBuild()
    {
        const string Declaration = "SignedInRedacted(ILogger logger, [PrivateData] string ";
        var index = Model.IndexOf(Declaration, StringComparison.Ordinal) + Declaration.Length;
        var line = Model.Take(index).Count(c => c == '\n') + 1;
        var column = index - Model.LastIndexOf('\n', index - 1);
        return new DiagnosticResult("RMP0007", DiagnosticSeverity.Warning).WithSpan(line, column, line, column + "value".Length);
    }
}
