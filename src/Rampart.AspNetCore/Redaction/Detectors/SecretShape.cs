using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// The shape every provider secret <see cref="ProviderSecretDetector"/> finds has, tested in one
/// vectorised pass: an <c>=</c> (connection-string passwords), a run of at least
/// <see cref="MinTokenRun"/> token characters (<c>[A-Za-z0-9_.-]</c>: every token format and JWTs),
/// five dashes in a row (PEM armour), or <c>whsec_</c> (webhook secrets, whose base64 may break a
/// run). Ordinary log text (paths, user agents, sentences) has none of these, so it is ruled out
/// without a multi-string search, which costs several times more per character.
/// </summary>
/// <remarks>
/// Text whose only feature is a token run (ids, trace ids, GUIDs: common in logs) is told apart
/// from the rest, because a token run can hold only the token formats and a JWT, whose prefixes
/// are cheaper to look for than every marker.
/// </remarks>
internal static class SecretShape
{
    // The shortest token format: "xoxb-" and ten characters.
    public const int MinTokenRun = 15;

    private const int MinDashRun = 5;
    private const string WebhookSecretPrefix = "whsec";

    // 32 characters per step: two loads of 16 narrowed to bytes. Narrowing keeps the low byte, so a
    // non-ASCII character may look like a token character or '=' (a "may" answer), never the reverse.
    private const int Width = 32;

    /// <summary>False only when <paramref name="text"/> can hold no provider secret.</summary>
    public static bool MayHold(ReadOnlySpan<char> text) => Classify(text) != SecretShapes.None;

    /// <summary>Which features of a provider secret <paramref name="text"/> has.</summary>
    public static SecretShapes Classify(ReadOnlySpan<char> text) => Classify(text, out _);

    /// <summary>
    /// <see cref="Classify(ReadOnlySpan{char})"/>, and whether the text has a <c>:</c> or <c>=</c>,
    /// after which a header's value would follow: the log scrubber's questions in one pass.
    /// </summary>
    public static SecretShapes Classify(ReadOnlySpan<char> text, out bool separator)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            separator = text.IndexOfAny(':', '=') >= 0;
            return ClassifyScalar(text);
        }

        // Up to 64 characters (most log values) take two loads at most, overlapping when the
        // length is not a multiple of the width, and the features are read once from the lanes.
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var length = text.Length;
        if (length > 2 * Width)
        {
            return ClassifyVectorized(text, out separator);
        }

        if (length >= Width)
        {
            var head = Lanes.Of(Load32(ref first, 0));
            var tail = Lanes.Of(Load32(ref first, length - Width));
            return Evaluate(text, head.Join(tail, length - Width), out separator);
        }

        if (length >= Width / 2)
        {
            // The first 16 characters in the low lanes, the last 16 in the high ones.
            var both = Lanes.Of(Vector256.Narrow(Vector256.LoadUnsafe(ref first), Vector256.LoadUnsafe(ref first, (nuint)(length - 16))));
            return Evaluate(text, both.Low(16).Join(both.High(16), length - 16), out separator);
        }

        if (length >= Width / 4 && Vector128.IsHardwareAccelerated)
        {
            var both = Lanes.Of(Vector128.Narrow(Vector128.LoadUnsafe(ref first), Vector128.LoadUnsafe(ref first, (nuint)(length - 8))));
            return Evaluate(text, both.Low(8).Join(both.High(8), length - 8), out separator);
        }

        // Very short text is padded with spaces (no token character) to one full load.
        Span<char> padded = stackalloc char[Width];
        padded.Fill(' ');
        text.CopyTo(padded);
        return ClassifyVectorized(padded, out separator);
    }

    internal static bool MayHoldScalar(ReadOnlySpan<char> text) => ClassifyScalar(text) != SecretShapes.None;

    internal static SecretShapes ClassifyScalar(ReadOnlySpan<char> text)
    {
        int run = 0, dashes = 0;
        var shape = SecretShapes.None;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            dashes = c == '-' ? dashes + 1 : 0;
            if (c == '=' || (c == '_' && FollowsWebhookPrefix(text, i)) || dashes >= MinDashRun)
            {
                return SecretShapes.Other;
            }

            run = IsTokenChar(c) ? run + 1 : 0;
            if (run >= MinTokenRun)
            {
                shape = SecretShapes.TokenRunOnly;
            }
        }

        return shape;
    }

    private static SecretShapes ClassifyVectorized(ReadOnlySpan<char> text, out bool separator)
    {
        var shape = SecretShapes.None;
        var colon = Vector256<byte>.Zero;
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));

        // The last 64 characters seen, one bit each, the newest in the highest bit.
        ulong tokens = 0, dashes = 0;
        for (var offset = 0; offset < text.Length; offset += Width)
        {
            // The final load overlaps the previous one; its lanes already seen are shifted out.
            var at = Math.Min(offset, text.Length - Width);
            var fresh = Math.Min(Width, text.Length - offset);
            var v = Vector256.Narrow(Vector256.LoadUnsafe(ref first, (nuint)at), Vector256.LoadUnsafe(ref first, (nuint)(at + 16)));
            if (Vector256.EqualsAny(v, Vector256.Create((byte)'=')))
            {
                separator = true;
                return SecretShapes.Other;
            }

            colon |= Vector256.Equals(v, Vector256.Create((byte)':'));

            var dash = Vector256.Equals(v, Vector256.Create((byte)'-'));
            var underscore = Vector256.Equals(v, Vector256.Create((byte)'_'));
            var letter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            var digit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
            var token = letter | digit | dash | underscore | Vector256.Equals(v, Vector256.Create((byte)'.'));

            var skipped = Width - fresh;
            if ((underscore.ExtractMostSignificantBits() >> skipped) is var underscores and not 0 && AnyFollowsWebhookPrefix(text, at + skipped, underscores))
            {
                separator = text.IndexOfAny(':', '=') >= 0;
                return SecretShapes.Other;
            }

            tokens = (tokens >> fresh) | ((ulong)(token.ExtractMostSignificantBits() >> skipped) << (64 - fresh));
            dashes = (dashes >> fresh) | ((ulong)(dash.ExtractMostSignificantBits() >> skipped) << (64 - fresh));
            if (HasRun5(dashes))
            {
                separator = text.IndexOfAny(':', '=') >= 0;
                return SecretShapes.Other;
            }

            if (HasRun15(tokens))
            {
                shape = SecretShapes.TokenRunOnly;
            }
        }

        // A ':' in an overlapped lane was seen already, so the overlap needs no masking here.
        separator = colon != Vector256<byte>.Zero;
        return shape;
    }

    private static Vector256<byte> Load32(ref ushort first, int at)
        => Vector256.Narrow(Vector256.LoadUnsafe(ref first, (nuint)at), Vector256.LoadUnsafe(ref first, (nuint)(at + 16)));

    // The features of a text of at most 64 characters, from its lanes (bit i: character i).
    private static SecretShapes Evaluate(ReadOnlySpan<char> text, Lanes lanes, out bool separator)
    {
        if (lanes.EqualSigns != 0)
        {
            separator = true;
            return SecretShapes.Other;
        }

        separator = lanes.Colons != 0;
        if (HasRun5(lanes.Dashes) || (lanes.Underscores != 0 && AnyFollowsWebhookPrefix(text, 0, lanes.Underscores)))
        {
            return SecretShapes.Other;
        }

        return HasRun15(lanes.Tokens) ? SecretShapes.TokenRunOnly : SecretShapes.None;
    }

    // Bit i stays set while bits i.. i+n-1 are all set: n doubles (or grows) with each step.
    private static bool HasRun15(ulong bits)
    {
        bits &= bits >> 1;
        bits &= bits >> 2;
        bits &= bits >> 4;
        return (bits & (bits >> 7)) != 0;
    }

    private static bool HasRun5(ulong bits)
    {
        bits &= bits >> 1;
        bits &= bits >> 2;
        return (bits & (bits >> 1)) != 0;
    }

    private static bool AnyFollowsWebhookPrefix(ReadOnlySpan<char> text, int start, ulong lanes)
    {
        while (lanes != 0)
        {
            if (FollowsWebhookPrefix(text, start + BitOperations.TrailingZeroCount(lanes)))
            {
                return true;
            }

            lanes &= lanes - 1;
        }

        return false;
    }

    private static bool FollowsWebhookPrefix(ReadOnlySpan<char> text, int underscore)
        => underscore >= WebhookSecretPrefix.Length && text.Slice(underscore - WebhookSecretPrefix.Length, WebhookSecretPrefix.Length).SequenceEqual(WebhookSecretPrefix);

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>Which characters of a load are what, one bit per character.</summary>
    private readonly struct Lanes(ulong tokens, ulong dashes, ulong underscores, ulong equalSigns, ulong colons)
    {
        public readonly ulong Tokens = tokens;
        public readonly ulong Dashes = dashes;
        public readonly ulong Underscores = underscores;
        public readonly ulong EqualSigns = equalSigns;
        public readonly ulong Colons = colons;

        public static Lanes Of(Vector256<byte> v)
        {
            var dash = Vector256.Equals(v, Vector256.Create((byte)'-'));
            var underscore = Vector256.Equals(v, Vector256.Create((byte)'_'));
            var letter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            var digit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
            var token = letter | digit | dash | underscore | Vector256.Equals(v, Vector256.Create((byte)'.'));
            return new(
                token.ExtractMostSignificantBits(),
                dash.ExtractMostSignificantBits(),
                underscore.ExtractMostSignificantBits(),
                Vector256.Equals(v, Vector256.Create((byte)'=')).ExtractMostSignificantBits(),
                Vector256.Equals(v, Vector256.Create((byte)':')).ExtractMostSignificantBits());
        }

        public static Lanes Of(Vector128<byte> v)
        {
            var dash = Vector128.Equals(v, Vector128.Create((byte)'-'));
            var underscore = Vector128.Equals(v, Vector128.Create((byte)'_'));
            var letter = Vector128.LessThanOrEqual((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
            var digit = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var token = letter | digit | dash | underscore | Vector128.Equals(v, Vector128.Create((byte)'.'));
            return new(
                token.ExtractMostSignificantBits(),
                dash.ExtractMostSignificantBits(),
                underscore.ExtractMostSignificantBits(),
                Vector128.Equals(v, Vector128.Create((byte)'=')).ExtractMostSignificantBits(),
                Vector128.Equals(v, Vector128.Create((byte)':')).ExtractMostSignificantBits());
        }

        /// <summary>These lanes, and <paramref name="later"/>'s from character <paramref name="at"/> on (overlapping lanes agree).</summary>
        public Lanes Join(Lanes later, int at)
            => new(Tokens | (later.Tokens << at), Dashes | (later.Dashes << at), Underscores | (later.Underscores << at), EqualSigns | (later.EqualSigns << at), Colons | (later.Colons << at));

        public Lanes Low(int count)
        {
            var mask = (1UL << count) - 1;
            return new(Tokens & mask, Dashes & mask, Underscores & mask, EqualSigns & mask, Colons & mask);
        }

        public Lanes High(int count) => new(Tokens >> count, Dashes >> count, Underscores >> count, EqualSigns >> count, Colons >> count);
    }
}
