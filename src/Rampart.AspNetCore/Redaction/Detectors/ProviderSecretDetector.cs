using System.Buffers;
using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// Secrets of well-known providers, by their documented, distinctive formats: AWS access key ids,
/// GitHub, GitLab, Slack, Stripe and Google API tokens, OpenAI and Anthropic keys, JWTs (whose
/// header must decode to JSON), PEM private keys, and passwords in connection strings.
/// </summary>
internal sealed class ProviderSecretDetector : PiiDetector
{
    private static readonly Regex Tokens = new(
        @"(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"
        + @"|gh[pousr]_[A-Za-z0-9]{36,251}"
        + @"|github_pat_[A-Za-z0-9_]{82}"
        + @"|glpat-[A-Za-z0-9_\-]{20}"
        + @"|xox[abposr]-[A-Za-z0-9\-]{10,250}"
        + @"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}"
        + @"|whsec_[A-Za-z0-9+/=]{24,}"
        + @"|AIza[0-9A-Za-z_\-]{35}"
        + @"|sk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_\-]{20,300}"
        + @"|npm_[A-Za-z0-9]{36}",
        Linear);

    private static readonly Regex Jwt = new(@"eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*", Linear);
    private static readonly Regex PrivateKey = new(@"-----BEGIN[A-Z ]{0,24} PRIVATE KEY-----", Linear);
    private static readonly Regex ConnectionStringPassword = new(@"(?i:password|pwd)[ ]{0,4}=[ ]{0,4}[^;""'\r\n]{1,256}", Linear);

    // Every format above starts with one of these, so most text is ruled out by one vectorised search.
    private static readonly string[] TokenMarkerList =
        ["AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "AIza", "sk-", "npm_"];

    private static readonly SearchValues<string> TokenMarkers = SearchValues.Create(TokenMarkerList, StringComparison.Ordinal);

    // What a run of token characters alone can hold: the token formats and a JWT. Ids hold few of
    // their first characters, so the markers are compared where those are found; a sentence holds
    // many (comparing at each cost microseconds), so after a few the rest gets one multi-string search.
    internal static readonly string[] RunMarkers = [.. TokenMarkerList, "eyJ"];
    private static readonly SearchValues<char> RunMarkerStarts = SearchValues.Create(string.Concat(RunMarkers.Select(static m => m[0]).Distinct()));
    private static readonly SearchValues<string> RunMarkerSearch = SearchValues.Create(RunMarkers, StringComparison.Ordinal);
    private const int RunMarkerTries = 4;

    private static readonly SearchValues<string> OtherMarkers = SearchValues.Create(["eyJ", "PRIVATE KEY-----", "password", "pwd"], StringComparison.OrdinalIgnoreCase);

    public override PiiKind Kind => PiiKind.ProviderSecret;

    // The shape test first: it rules out most text at a fraction of the markers' cost.
    public override bool MayContain(ReadOnlySpan<char> text) => text.Length >= 8 && MayContain(text, SecretShape.Classify(text));

    /// <summary><see cref="MayContain(ReadOnlySpan{char})"/> for a caller that has classified the text already.</summary>
    public static bool MayContain(ReadOnlySpan<char> text, SecretShapes shape) => shape switch
    {
        SecretShapes.None => false,
        SecretShapes.TokenRunOnly => HasRunMarker(text),
        _ => text.IndexOfAny(TokenMarkers) >= 0 || text.IndexOfAny(OtherMarkers) >= 0,
    };

    public override void Find(string text, List<PiiMatch> matches)
    {
        if (text.AsSpan().IndexOfAny(TokenMarkers) >= 0)
        {
            foreach (var match in Tokens.EnumerateMatches(text))
            {
                if (!IsAsciiLetterOrDigit(text, match.Index - 1))
                {
                    matches.Add(new PiiMatch(match.Index, match.Length, Kind));
                }
            }
        }

        if (text.Contains("eyJ", StringComparison.Ordinal))
        {
            foreach (var match in Jwt.EnumerateMatches(text))
            {
                var header = text.AsSpan(match.Index, text.IndexOf('.', match.Index) - match.Index);
                if (IsJsonObject(header))
                {
                    matches.Add(new PiiMatch(match.Index, match.Length, Kind));
                }
            }
        }

        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            foreach (var match in PrivateKey.EnumerateMatches(text))
            {
                // To the END line, or to the end of the text when it was cut.
                var endMarker = text.IndexOf("PRIVATE KEY-----", match.Index + match.Length, StringComparison.Ordinal);
                var end = endMarker < 0 ? text.Length : endMarker + "PRIVATE KEY-----".Length;
                matches.Add(new PiiMatch(match.Index, end - match.Index, Kind));
            }
        }

        if (text.Contains('=', StringComparison.Ordinal) && (text.Contains("password", StringComparison.OrdinalIgnoreCase) || text.Contains("pwd", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var match in ConnectionStringPassword.EnumerateMatches(text))
            {
                var equals = text.IndexOf('=', match.Index);
                var start = equals + 1;
                if (!IsAsciiLetterOrDigit(text, match.Index - 1) && start < match.Index + match.Length)
                {
                    matches.Add(new PiiMatch(start, match.Index + match.Length - start, Kind));
                }
            }
        }
    }

    private static bool HasRunMarker(ReadOnlySpan<char> text)
    {
        for (var tries = 0; tries < RunMarkerTries; tries++)
        {
            var found = text.IndexOfAny(RunMarkerStarts);
            if (found < 0)
            {
                return false;
            }

            text = text[found..];
            foreach (var marker in RunMarkers)
            {
                if (marker[0] == text[0] && text.StartsWith(marker, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            text = text[1..];
        }

        return text.IndexOfAny(RunMarkerSearch) >= 0;
    }

    private static bool IsJsonObject(ReadOnlySpan<char> base64Url)
    {
        if (base64Url.Length > 1024)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[base64Url.Length];
        if (Base64Url.DecodeFromChars(base64Url, decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var json = decoded[..written];
        return json.Length > 2 && json[0] == (byte)'{' && (json.IndexOf("\"alg\""u8) >= 0 || json.IndexOf("\"typ\""u8) >= 0);
    }
}
