using System.Text;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Redaction.Detectors;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Masks validated personal data and secrets in free text, replacing each finding with a label such
/// as <c>[email]</c>. Overlapping findings are merged so nothing is half-exposed. Rampart keys are
/// always masked; the other detectors follow <see cref="TextMaskingOptions"/>.
/// </summary>
internal sealed class TextMasker
{
    private readonly PiiDetector[] _detectors;

    public TextMasker(IOptions<RampartOptions> options)
        : this(options.Value.Logging.Masking)
    {
    }

    public TextMasker(TextMaskingOptions options)
    {
        var detectors = new List<PiiDetector> { RampartKeyDetector.Instance };
        if (options.Enabled)
        {
            if (options.ProviderSecrets)
            {
                detectors.Add(new ProviderSecretDetector());
            }

            if (options.Email)
            {
                detectors.Add(new EmailDetector());
            }

            if (options.Iban)
            {
                detectors.Add(new IbanDetector());
            }

            if (options.PaymentCard)
            {
                detectors.Add(new PaymentCardDetector());
            }

            if (options.KoreanResidentRegistrationNumber)
            {
                detectors.Add(new KoreanRrnDetector());
            }

            if (options.UsSocialSecurityNumber)
            {
                detectors.Add(new UsSsnDetector());
            }

            if (options.Phone)
            {
                detectors.Add(new PhoneNumberDetector());
            }
        }

        _detectors = [.. detectors];
    }

    /// <summary>A masker with every detector on.</summary>
    public static TextMasker Default { get; } = new(new TextMaskingOptions());

    /// <summary>The findings in <paramref name="text"/>, merged and in order.</summary>
    /// <summary>
    /// False when no detector could find anything in <paramref name="text"/>, decided by the cheap
    /// pre-checks alone, so callers can skip making a string of it.
    /// </summary>
    public bool MayFind(ReadOnlySpan<char> text)
    {
        var digits = -1;
        foreach (var detector in _detectors)
        {
            var minDigits = detector.MinDigits;
            if (minDigits > 0)
            {
                if (digits < 0)
                {
                    digits = PiiDetector.CountDigits(text, 13);
                }

                if (digits < minDigits)
                {
                    continue;
                }
            }

            if (detector.MayContain(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="MayFind(ReadOnlySpan{char})"/> on the text's UTF-8 bytes: false only where the
    /// text test is false too, so a caller may skip transcoding.
    /// </summary>
    public bool MayFind(ReadOnlySpan<byte> utf8)
    {
        var digits = -1;
        foreach (var detector in _detectors)
        {
            var minDigits = detector.MinDigits;
            if (minDigits > 0)
            {
                if (digits < 0)
                {
                    digits = PiiDetector.CountDigits(utf8, 13);
                }

                if (digits < minDigits)
                {
                    continue;
                }
            }

            if (detector.MayContain(utf8))
            {
                return true;
            }
        }

        return false;
    }

    public List<PiiMatch> Find(string text) => Merge(FindUnmerged(text) ?? []);

    // Null when nothing was found; allocates only when some detector runs.
    private List<PiiMatch>? FindUnmerged(string text)
    {
        List<PiiMatch>? found = null;
        var digits = -1;
        foreach (var detector in _detectors)
        {
            var minDigits = detector.MinDigits;
            if (minDigits > 0)
            {
                if (digits < 0)
                {
                    digits = PiiDetector.CountDigits(text, 13);
                }

                if (digits < minDigits)
                {
                    continue;
                }
            }

            if (detector.MayContain(text))
            {
                found ??= [];
                detector.Find(text, found);
            }
        }

        return found is { Count: > 0 } ? found : null;
    }

    /// <summary><paramref name="text"/> with every finding replaced by its label; the same instance when nothing was found.</summary>
    public string Mask(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (FindUnmerged(text) is not { } unmerged)
        {
            return text;
        }

        var found = Merge(unmerged);

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in found)
        {
            builder.Append(text, position, match.Start - position).Append(Label(match.Kind));
            position = match.End;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    public static string Label(PiiKind kind) => kind switch
    {
        PiiKind.RampartKey => "[rampart-key]",
        PiiKind.ProviderSecret => "[secret]",
        PiiKind.Email => "[email]",
        PiiKind.Iban => "[iban]",
        PiiKind.PaymentCard => "[card]",
        PiiKind.KoreanResidentRegistrationNumber => "[kr-rrn]",
        PiiKind.UsSocialSecurityNumber => "[us-ssn]",
        _ => "[phone]",
    };

    private static List<PiiMatch> Merge(List<PiiMatch> found)
    {
        if (found.Count < 2)
        {
            return found;
        }

        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Kind.CompareTo(b.Kind));
        var merged = new List<PiiMatch>(found.Count) { found[0] };
        for (var i = 1; i < found.Count; i++)
        {
            var last = merged[^1];
            var next = found[i];
            if (next.Start < last.End)
            {
                // Overlap: one region covering both, labelled by the higher-priority kind.
                var kind = next.Kind < last.Kind ? next.Kind : last.Kind;
                merged[^1] = new PiiMatch(last.Start, Math.Max(last.End, next.End) - last.Start, kind);
            }
            else
            {
                merged.Add(next);
            }
        }

        return merged;
    }
}
