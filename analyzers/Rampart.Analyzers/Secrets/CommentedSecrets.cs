using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Secrets;

/// <summary>
/// Comments are committed with the code: a key left in a commented-out line ("// ApiKey = "sk_live_…";")
/// is as public as one in use. Only formats that cannot be mistaken are reported there (a Rampart key
/// or a provider token by its prefix, checksum or signature); a JSON Web Token, a connection string or a
/// secret-named assignment in a comment is most often documentation and is left alone, as are
/// placeholders ("sk_live_xxxx…", no variety) and documented examples.
/// </summary>
internal static class CommentedSecrets
{
    /// <summary>Comments longer than this (licence headers, pasted logs) are not scanned.</summary>
    private const int MaxCommentLength = 8 * 1024;

    /// <summary>What a comment trivia holds that must be reported, or null.</summary>
    public static SecretMatch? Find(SyntaxTrivia trivia)
    {
        if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
        {
            return null;
        }

        var span = trivia.Span;
        if (span.Length < 16 || span.Length > MaxCommentLength)
        {
            return null;
        }

        var text = trivia.ToString();
        return TextScanner.Scan(text) is { } match && match.Rule != SecretRule.ConnectionCredential && match.ConfigurationName != "JWT"
            ? match
            : null;
    }
}
