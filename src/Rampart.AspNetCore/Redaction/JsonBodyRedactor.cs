using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Rewrites a JSON body for the log in one forward pass, copying the body as sent and splicing in
/// a replacement for each redacted or masked token: a classified field (by the bound type's
/// attributes, by configured name or path, or by a secret-looking name) goes through the redactor
/// of its classification; every other string goes through the PII masker. A body that cannot be
/// re-emitted exactly as redacted yields <see langword="null"/> and a <see cref="JsonNotLoggable"/>
/// reason: invalid JSON (its fields cannot be told apart), comments (they are not tokens the
/// redactor could judge, so copying the bytes around tokens would carry them through verbatim) and
/// nesting deeper than <see cref="MaxDepth"/>.
/// </summary>
/// <remarks>
/// Work per token is kept to what the token can need. Property names are looked up by their UTF-8
/// bytes in a bounded table of verdicts (classification, masked form), so a recurring name costs
/// one hash. Strings are transcoded only when a byte-level pre-check says the masker could find
/// something. JSON paths are built only for names that end a configured path.
/// </remarks>
internal sealed class JsonBodyRedactor
{
    public const int MaxDepth = 64;
    private const int MaxRememberedNames = 4096;
    private const int MaxRememberedNameBytes = 256;

    private readonly IRedactorProvider _redactors;
    private readonly TextMasker _masker;
    private readonly SecretNameMatcher _secretNames;
    private readonly ConcurrentDictionary<DataClassification, Redactor> _redactorCache = new();
    private readonly Dictionary<string, DataClassification> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DataClassification> _byPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pathTails = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<byte[], PropertyVerdict> _names = new(Utf8NameComparer.Instance);
    private readonly ConcurrentDictionary<byte[], PropertyVerdict>.AlternateLookup<ReadOnlySpan<byte>> _namesByUtf8;

    public JsonBodyRedactor(IRedactorProvider redactors, TextMasker masker, SecretNameMatcher secretNames, BodyLoggingOptions options)
    {
        _redactors = redactors;
        _masker = masker;
        _secretNames = secretNames;
        _namesByUtf8 = _names.GetAlternateLookup<ReadOnlySpan<byte>>();
        Add(options.PersonalJsonFields, RampartDataClassifications.Personal);
        Add(options.SecretJsonFields, RampartDataClassifications.Secret);
    }

    /// <summary>The redacted body as a string, or null when it cannot be logged.</summary>
    public string? Redact(ReadOnlySpan<byte> json, JsonFieldClassifications types) => Redact(json, types, out _);

    /// <summary>The redacted body as a string, or null with the reason it cannot be logged.</summary>
    public string? Redact(ReadOnlySpan<byte> json, JsonFieldClassifications types, out JsonNotLoggable reason)
    {
        var output = new PooledBuffer<byte>(json.Length + 64);
        try
        {
            reason = TryRedact(json, types, ref output);
            return reason == JsonNotLoggable.None ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Appends the redacted body to <paramref name="output"/> as UTF-8, the encoding it came in, and
    /// answers <see cref="JsonNotLoggable.None"/>; otherwise the reason, and what was appended is of no use.
    /// </summary>
    public JsonNotLoggable TryRedact(ReadOnlySpan<byte> json, JsonFieldClassifications types, ref PooledBuffer<byte> output)
    {
        var rewrite = new Rewrite(json, ref output);
        var depth = 0;
        try
        {
            var reason = Run(ref rewrite, types, ref depth);
            if (reason == JsonNotLoggable.None)
            {
                rewrite.CopyRest();
            }

            return reason;
        }
        catch (JsonException)
        {
            return depth >= MaxDepth - 1 ? JsonNotLoggable.TooDeep : JsonNotLoggable.Invalid;
        }
        catch (InvalidOperationException)
        {
            return JsonNotLoggable.Invalid;
        }
        finally
        {
            rewrite.Dispose();
        }
    }

    private JsonNotLoggable Run(ref Rewrite rewrite, JsonFieldClassifications types, ref int depth)
    {
        var json = rewrite.Json;

        // Comments are read, not skipped: the output copies the bytes between tokens, so a skipped
        // comment would reach the log verbatim. A body with one is refused whole.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Allow });
        var usePaths = _byPath.Count > 0 || types.ByPath.Count > 0;

        // One entry per open container: the property it is the value of, or null for the root and
        // for array elements (which share their array's path).
        var containers = new List<PropertyVerdict?>(16);
        PropertyVerdict? property = null;
        PropertyVerdict? previousName = null;
        Redactor? pending = null;
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.Comment:
                    return JsonNotLoggable.Comments;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    if (pending is { } containerRedactor)
                    {
                        // The redactor is handed the container's raw text, so a comment inside it is refused too.
                        if (ContainsComment(reader))
                        {
                            return JsonNotLoggable.Comments;
                        }

                        reader.Skip();
                        var end = (int)reader.BytesConsumed;
                        var raw = Encoding.UTF8.GetString(json[start..end]);
                        rewrite.Replace(start, end, containerRedactor, raw);
                        pending = null;
                    }
                    else
                    {
                        containers.Add(property);
                    }

                    property = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.RemoveAt(containers.Count - 1);
                    property = null;
                    break;
                case JsonTokenType.PropertyName:
                    property = VerdictFor(ref reader, ref rewrite, previousName);
                    previousName = property;
                    pending = property.Redactor
                        ?? (usePaths ? RedactorByPath(property, containers, types, ref rewrite) : null);
                    if (property.MaskedName is { } maskedName)
                    {
                        rewrite.Replace(start, start + reader.ValueSpan.Length + 2, maskedName);
                    }

                    break;
                case JsonTokenType.String:
                    var stringEnd = start + reader.ValueSpan.Length + 2;
                    if (pending is { } stringRedactor)
                    {
                        rewrite.Replace(start, stringEnd, stringRedactor, rewrite.Unescape(ref reader));
                    }
                    else if (reader.ValueIsEscaped || _masker.MayFind(reader.ValueSpan))
                    {
                        var text = rewrite.Unescape(ref reader);
                        if (_masker.MayFind(text))
                        {
                            var original = text.ToString();
                            var masked = _masker.Mask(original);
                            if (!ReferenceEquals(masked, original))
                            {
                                rewrite.Replace(start, stringEnd, masked);
                            }
                        }
                    }

                    pending = null;
                    property = null;
                    break;
                default:
                    // Numbers and literals: redacted when classified; long numbers (cards, ids) masked.
                    var valueEnd = start + reader.ValueSpan.Length;
                    if (pending is { } valueRedactor)
                    {
                        rewrite.Replace(start, valueEnd, valueRedactor, Encoding.UTF8.GetString(reader.ValueSpan));
                    }
                    else if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length >= 8 && _masker.MayFind(reader.ValueSpan))
                    {
                        var number = Encoding.UTF8.GetString(reader.ValueSpan);
                        var masked = _masker.Mask(number);
                        if (!ReferenceEquals(masked, number))
                        {
                            rewrite.Replace(start, valueEnd, masked);
                        }
                    }

                    pending = null;
                    property = null;
                    break;
            }
        }

        return JsonNotLoggable.None;
    }

    // Reads a copy of the reader to the end of the current container.
    private static bool ContainsComment(Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Comment)
            {
                return true;
            }

            if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return false;
            }
        }

        return false;
    }

    // The provider resolves a classification set on each call; a body asks for the same few many times.
    private Redactor RedactorFor(DataClassification classification)
        => _redactorCache.GetOrAdd(classification, static (c, provider) => provider.GetRedactor(c), _redactors);

    /// <summary>What is known about a property name, remembered for names that recur.</summary>
    private PropertyVerdict VerdictFor(ref Utf8JsonReader reader, ref Rewrite rewrite, PropertyVerdict? previous)
    {
        var utf8 = reader.ValueIsEscaped ? rewrite.UnescapeUtf8(ref reader) : reader.ValueSpan;
        if (previous?.Next is { } guess && utf8.SequenceEqual(guess.Utf8))
        {
            return guess;
        }

        if (!_namesByUtf8.TryGetValue(utf8, out var verdict))
        {
            verdict = NewVerdict(utf8);
        }

        // Long names are never linked, so the guesses hold no more than the table of names does.
        if (previous is not null && utf8.Length <= MaxRememberedNameBytes)
        {
            previous.Next = verdict;
        }

        return verdict;
    }

    private PropertyVerdict NewVerdict(ReadOnlySpan<byte> utf8)
    {
        var name = Encoding.UTF8.GetString(utf8);
        var classification = _secretNames.IsSecret(name) ? RampartDataClassifications.Secret
            : _byName.TryGetValue(name, out var byName) ? byName
            : (DataClassification?)null;
        var masked = _masker.MayFind(name) ? _masker.Mask(name) : name;
        var verdict = new PropertyVerdict(
            utf8.ToArray(), name, classification is { } found ? RedactorFor(found) : null, _pathTails.Contains(name), ReferenceEquals(masked, name) ? null : masked);
        if (utf8.Length <= MaxRememberedNameBytes && _names.Count < MaxRememberedNames)
        {
            _names.TryAdd(verdict.Utf8, verdict);
        }

        return verdict;
    }

    // A path is built only when the property's name ends one the bound type or the options classify.
    private Redactor? RedactorByPath(PropertyVerdict property, List<PropertyVerdict?> containers, JsonFieldClassifications types, ref Rewrite rewrite)
    {
        var byType = types.Tails.Count > 0 && types.Tails.Contains(property.Name);
        if (!byType && !property.EndsConfiguredPath)
        {
            return null;
        }

        // The elements of an array repeat one path: the last answer holds while the enclosing names are the same.
        if (property.LastPath is { } memo && memo.Matches(types, containers))
        {
            return memo.Redactor;
        }

        var path = rewrite.Path(containers, property);
        DataClassification? classification = null;
        if (byType && types.ByPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var typed))
        {
            classification = typed;
        }
        else if (property.EndsConfiguredPath && _byPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var configured))
        {
            classification = configured;
        }

        var redactor = classification is { } found ? RedactorFor(found) : null;
        PropertyVerdict[] chain = [.. containers.OfType<PropertyVerdict>()];
        if (chain.All(c => c.Utf8.Length <= MaxRememberedNameBytes))
        {
            property.LastPath = new PathMemo(types, chain, redactor);
        }

        return redactor;
    }

    private void Add(IEnumerable<string> fields, DataClassification classification)
    {
        foreach (var field in fields)
        {
            if (field.StartsWith("$.", StringComparison.Ordinal))
            {
                _byPath[field] = classification;
                _pathTails.Add(field[(field.LastIndexOf('.') + 1)..]);
            }
            else if (field.Length > 0)
            {
                _byName[field] = classification;
            }
        }
    }

    /// <param name="Utf8">The name's UTF-8, unescaped.</param>
    /// <param name="Name">The name, unescaped.</param>
    /// <param name="Redactor">The redactor of its classification, when a secret-looking or configured name classifies it.</param>
    /// <param name="EndsConfiguredPath">Whether some configured <c>$.path</c> ends with this name.</param>
    /// <param name="MaskedName">The name with PII masked, when the masker changes it.</param>
    private sealed record PropertyVerdict(byte[] Utf8, string Name, Redactor? Redactor, bool EndsConfiguredPath, string? MaskedName)
    {
        /// <summary>
        /// The name that followed this one last time. Serialised objects repeat their property order,
        /// so comparing with it usually answers without a hash lookup. Shared by concurrent
        /// redactions: a stale guess costs one lookup, never a wrong verdict, since the bytes are compared.
        /// </summary>
        public PropertyVerdict? Next { get; set; }

        /// <summary>The answer for this name's last path, while its enclosing names stay the same.</summary>
        public PathMemo? LastPath { get; set; }
    }

    /// <param name="Types">The bound type's classified paths the answer was found with.</param>
    /// <param name="Chain">The names of the enclosing containers, outermost first.</param>
    /// <param name="Redactor">The answer: the redactor of the path's classification, or null.</param>
    private sealed record PathMemo(JsonFieldClassifications Types, PropertyVerdict[] Chain, Redactor? Redactor)
    {
        public bool Matches(JsonFieldClassifications types, List<PropertyVerdict?> containers)
        {
            if (!ReferenceEquals(types, Types))
            {
                return false;
            }

            var i = 0;
            foreach (var container in containers)
            {
                if (container is null)
                {
                    continue;
                }

                if (i == Chain.Length || !ReferenceEquals(Chain[i], container))
                {
                    return false;
                }

                i++;
            }

            return i == Chain.Length;
        }
    }

    /// <summary>The output being written and the pooled buffers one redaction uses.</summary>
    private ref struct Rewrite
    {
        public readonly ReadOnlySpan<byte> Json;
        private ref PooledBuffer<byte> _output;
        private PooledBuffer<char> _chars = new(256);
        private PooledBuffer<byte> _bytes = new(256);
        private int _copied;

        public Rewrite(ReadOnlySpan<byte> json, ref PooledBuffer<byte> output)
        {
            Json = json;
            _output = ref output;
        }

        /// <summary>Copies what follows the last replacement.</summary>
        public void CopyRest()
        {
            _output.Write(Json[_copied..]);
            _copied = Json.Length;
        }

        /// <summary>Replaces bytes <paramref name="start"/>..<paramref name="end"/> with <paramref name="value"/> as a JSON string.</summary>
        public void Replace(int start, int end, scoped ReadOnlySpan<char> value)
        {
            _output.Write(Json[_copied..start]);
            _output.Write("\""u8);
            WriteEscaped(value);
            _output.Write("\""u8);
            _copied = end;
        }

        /// <summary>Replaces bytes <paramref name="start"/>..<paramref name="end"/> with what <paramref name="redactor"/> makes of <paramref name="value"/>.</summary>
        public void Replace(int start, int end, Redactor redactor, scoped ReadOnlySpan<char> value)
        {
            var length = redactor.GetRedactedLength(value);
            if (length <= 128)
            {
                // Erasing (length 0) and short replacements, the common cases, need no rented buffer.
                Span<char> small = stackalloc char[128];
                Replace(start, end, small[..redactor.Redact(value, small[..length])]);
                return;
            }

            var redacted = new PooledBuffer<char>(length);
            try
            {
                var written = redactor.Redact(value, redacted.GetSpan(length));
                redacted.Advance(written);
                Replace(start, end, redacted.WrittenSpan);
            }
            finally
            {
                redacted.Dispose();
            }
        }

        /// <summary>The current string token's text, unescaped, in a pooled buffer valid until the next call.</summary>
        public ReadOnlySpan<char> Unescape(scoped ref Utf8JsonReader reader)
        {
            _chars.Clear();
            var written = reader.CopyString(_chars.GetSpan(reader.ValueSpan.Length));
            _chars.Advance(written);
            return _chars.WrittenSpan;
        }

        /// <summary>The current string token's UTF-8, unescaped, in a pooled buffer valid until the next call.</summary>
        public ReadOnlySpan<byte> UnescapeUtf8(scoped ref Utf8JsonReader reader)
        {
            _bytes.Clear();
            var written = reader.CopyString(_bytes.GetSpan(reader.ValueSpan.Length));
            _bytes.Advance(written);
            return _bytes.WrittenSpan;
        }

        /// <summary>The JSON path of <paramref name="property"/> (<c>$.a.b</c>), in a pooled buffer valid until the next call.</summary>
        public ReadOnlySpan<char> Path(List<PropertyVerdict?> containers, PropertyVerdict property)
        {
            _chars.Clear();
            _chars.Write("$");
            foreach (var container in containers)
            {
                if (container is not null)
                {
                    _chars.Write(".");
                    _chars.Write(container.Name);
                }
            }

            _chars.Write(".");
            _chars.Write(property.Name);
            return _chars.WrittenSpan;
        }

        public void Dispose()
        {
            _chars.Dispose();
            _bytes.Dispose();
        }

        private void WriteEscaped(scoped ReadOnlySpan<char> value)
        {
            _bytes.Clear();
            var utf8Length = Encoding.UTF8.GetBytes(value, _bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
            _bytes.Advance(utf8Length);
            var utf8 = _bytes.WrittenSpan;
            if (JavaScriptEncoder.UnsafeRelaxedJsonEscaping.FindFirstCharacterToEncodeUtf8(utf8) < 0)
            {
                _output.Write(utf8);
            }
            else
            {
                // Quotes, backslashes and control characters: rare in replacements, so the allocating encoder is fine.
                _output.Write(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
            }
        }
    }
}
