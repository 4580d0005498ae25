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
            return ClassifyStepwise(text, out separator);
        }

        if (length >= Width)
        {
            return Evaluate(text, Load32(ref first, 0), Load32(ref first, length - Width), uint.MaxValue, 0, length - Width, out separator);
        }

        if (length >= Width / 2)
        {
            // The first 16 characters in the low lanes, the last 16 in the high ones.
            var both = Vector256.Narrow(Vector256.LoadUnsafe(ref first), Vector256.LoadUnsafe(ref first, (nuint)(length - 16)));
            return Evaluate(text, both, both, 0xFFFF, 16, length - 16, out separator);
        }

        if (length >= Width / 4 && Vector128.IsHardwareAccelerated)
        {
            // The same with 8 and 8 characters; the upper lanes are zero, which is no feature.
            var both = Vector256.Create(Vector128.Narrow(Vector128.LoadUnsafe(ref first), Vector128.LoadUnsafe(ref first, (nuint)(length - 8))), Vector128<byte>.Zero);
            return Evaluate(text, both, both, 0xFF, 8, length - 8, out separator);
        }

        return ClassifyPadded(text, out separator);
    }

    // Very short text is padded with spaces (no token character) to one full load.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SecretShapes ClassifyPadded(ReadOnlySpan<char> text, out bool separator)
    {
        Span<char> padded = stackalloc char[Width];
        padded.Fill(' ');
        text.CopyTo(padded);
        return ClassifyStepwise(padded, out separator);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SecretShapes ClassifyStepwise(ReadOnlySpan<char> text, out bool separator)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Load32(ref ushort first, int at)
        => Vector256.Narrow(Vector256.LoadUnsafe(ref first, (nuint)at), Vector256.LoadUnsafe(ref first, (nuint)(at + 16)));

    // The features of a text of at most 64 characters, read from two loads: bit i of a mask is
    // character i, made of the first load's lanes under lowMask and the second's from lane split
    // on, placed from character shift on (where the loads overlap, both say the same).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SecretShapes Evaluate(ReadOnlySpan<char> text, Vector256<byte> first, Vector256<byte> second, uint lowMask, int split, int shift, out bool separator)
    {
        if (Vector256.EqualsAny(first, Vector256.Create((byte)'=')) || Vector256.EqualsAny(second, Vector256.Create((byte)'=')))
        {
            separator = true;
            return SecretShapes.Other;
        }

        separator = Vector256.EqualsAny(first, Vector256.Create((byte)':')) || Vector256.EqualsAny(second, Vector256.Create((byte)':'));
        var dashes = Join(Vector256.Equals(first, Vector256.Create((byte)'-')), Vector256.Equals(second, Vector256.Create((byte)'-')), lowMask, split, shift);
        var underscores = Join(Vector256.Equals(first, Vector256.Create((byte)'_')), Vector256.Equals(second, Vector256.Create((byte)'_')), lowMask, split, shift);
        if (HasRun5(dashes) || (underscores != 0 && AnyFollowsWebhookPrefix(text, 0, underscores)))
        {
            return SecretShapes.Other;
        }

        return HasRun15(Join(TokenLanes(first), TokenLanes(second), lowMask, split, shift)) ? SecretShapes.TokenRunOnly : SecretShapes.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Join(Vector256<byte> first, Vector256<byte> second, uint lowMask, int split, int shift)
        => (first.ExtractMostSignificantBits() & lowMask) | ((ulong)(second.ExtractMostSignificantBits() >> split) << shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> TokenLanes(Vector256<byte> v)
    {
        var letter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
        var digit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
        return letter | digit | Vector256.Equals(v, Vector256.Create((byte)'-')) | Vector256.Equals(v, Vector256.Create((byte)'_')) | Vector256.Equals(v, Vector256.Create((byte)'.'));
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
}
