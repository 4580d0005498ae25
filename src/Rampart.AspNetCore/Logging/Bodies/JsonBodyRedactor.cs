using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Rampart.AspNetCore.Logging.Masking;

namespace Rampart.AspNetCore.Logging;

/// <summary>
/// Rewrites a JSON body for the log in one forward pass, copying the body as sent and splicing in
/// a replacement for each redacted or masked token: a classified field (by the bound type's
/// attributes, by configured name or path, or by a secret-looking name) goes through the redactor
/// of its classification; every other string goes through the PII masker. Invalid JSON yields
/// <see langword="null"/>: it is not logged, since its fields cannot be told apart.
/// </summary>
internal sealed class JsonBodyRedactor
{
    private readonly IRedactorProvider _redactors;
    private readonly TextMasker _masker;
    private readonly SecretNameMatcher _secretNames;
    private readonly ConcurrentDictionary<DataClassification, Redactor> _redactorCache = new();
    private readonly Dictionary<string, DataClassification> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DataClassification> _byPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pathTails = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, NameVerdict> _nameVerdicts = new(StringComparer.Ordinal);

    public JsonBodyRedactor(IRedactorProvider redactors, TextMasker masker, SecretNameMatcher secretNames, BodyLoggingOptions options)
    {
        _redactors = redactors;
        _masker = masker;
        _secretNames = secretNames;
        Add(options.PersonalJsonFields, RampartDataClassifications.Personal);
        Add(options.SecretJsonFields, RampartDataClassifications.Secret);
    }

    public string? Redact(ReadOnlySpan<byte> json, JsonFieldClassifications types)
    {
        var edits = new List<Edit>();
        try
        {
            FindEdits(json, types, edits);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        // The body as sent, with each redacted or masked token replaced: unchanged stretches are copied whole.
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        var position = 0;
        foreach (var edit in edits)
        {
            output.Write(json[position..edit.Start]);
            output.Write("\""u8);
            output.Write(edit.Replacement.EncodedUtf8Bytes);
            output.Write("\""u8);
            position = edit.End;
        }

        output.Write(json[position..]);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private void FindEdits(ReadOnlySpan<byte> json, JsonFieldClassifications types, List<Edit> edits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip });
        var usePaths = _byPath.Count > 0 || types.ByPath.Count > 0;

        // The current path ("$.customer.email") lives in one buffer; each open container remembers
        // the length of its own path. Arrays keep their parent's path.
        var path = new PathBuffer(ArrayPool<char>.Shared.Rent(256));
        var scratch = ArrayPool<char>.Shared.Rent(256);
        var containers = new Stack<int>();
        path.Append("$");
        DataClassification? pending = null;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (pending is { } containerClass)
                        {
                            reader.Skip();
                            var end = (int)reader.BytesConsumed;
                            var raw = Encoding.UTF8.GetString(json[start..end]);
                            edits.Add(new Edit(start, end, Encode(RedactorFor(containerClass).Redact(raw))));
                            pending = null;
                            break;
                        }

                        containers.Push(path.Length);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Unescape(ref reader, ref scratch);
                        if (usePaths)
                        {
                            path.Length = containers.Peek();
                            path.Append(".");
                            path.Append(name);
                        }

                        pending = Classify(name, path.Span, types, usePaths);
                        if (_masker.MayFind(name))
                        {
                            var masked = _masker.Mask(name.ToString());
                            if (!name.SequenceEqual(masked))
                            {
                                edits.Add(new Edit(start, start + reader.ValueSpan.Length + 2, Encode(masked)));
                            }
                        }

                        break;
                    case JsonTokenType.String:
                        var text = Unescape(ref reader, ref scratch);
                        var stringEnd = start + reader.ValueSpan.Length + 2;
                        if (pending is { } stringClass)
                        {
                            edits.Add(new Edit(start, stringEnd, Encode(RedactorFor(stringClass).Redact(text))));
                        }
                        else if (_masker.MayFind(text))
                        {
                            var masked = _masker.Mask(text.ToString());
                            if (!text.SequenceEqual(masked))
                            {
                                edits.Add(new Edit(start, stringEnd, Encode(masked)));
                            }
                        }

                        pending = null;
                        break;
                    default:
                        // Numbers and literals: redacted when classified; long numbers (cards, ids) masked.
                        var valueEnd = start + reader.ValueSpan.Length;
                        if (pending is { } valueClass)
                        {
                            edits.Add(new Edit(start, valueEnd, Encode(RedactorFor(valueClass).Redact(Encoding.UTF8.GetString(reader.ValueSpan)))));
                        }
                        else if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length >= 8)
                        {
                            var number = Encoding.UTF8.GetString(reader.ValueSpan);
                            var masked = _masker.Mask(number);
                            if (!ReferenceEquals(masked, number))
                            {
                                edits.Add(new Edit(start, valueEnd, Encode(masked)));
                            }
                        }

                        pending = null;
                        break;
                }
            }
        }
        finally
        {
            path.Return();
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    private static JsonEncodedText Encode(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>Replace bytes <see cref="Start"/>..<see cref="End"/> with a JSON string.</summary>
    private readonly record struct Edit(int Start, int End, JsonEncodedText Replacement);

    // The token's text, unescaped, in a pooled buffer that grows as needed.
    private static ReadOnlySpan<char> Unescape(ref Utf8JsonReader reader, ref char[] scratch)
    {
        var needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch.Length < needed)
        {
            ArrayPool<char>.Shared.Return(scratch);
            scratch = ArrayPool<char>.Shared.Rent(needed);
        }

        var written = reader.CopyString(scratch);
        return scratch.AsSpan(0, written);
    }

    // The provider resolves a classification set on each call; a body asks for the same few many times.
    private Redactor RedactorFor(DataClassification classification)
        => _redactorCache.GetOrAdd(classification, static (c, provider) => provider.GetRedactor(c), _redactors);

    private DataClassification? Classify(ReadOnlySpan<char> name, ReadOnlySpan<char> path, JsonFieldClassifications types, bool usePaths)
    {
        var verdict = ClassifyName(name);
        if (verdict.Classification is { } byName)
        {
            return byName;
        }

        // A path is looked up only when its last segment could match, so most properties cost one lookup.
        if (usePaths)
        {
            if (types.Tails.Count > 0 && types.Tails.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name)
                && types.ByPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var byType))
            {
                return byType;
            }

            if (verdict.EndsConfiguredPath && _byPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var byPath))
            {
                return byPath;
            }
        }

        return null;
    }

    // Secret-looking or configured names; verdicts for recurring names are remembered.
    private NameVerdict ClassifyName(ReadOnlySpan<char> name)
    {
        var remembered = _nameVerdicts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (remembered.TryGetValue(name, out var verdict))
        {
            return verdict;
        }

        var classification = _secretNames.IsSecret(name) ? RampartDataClassifications.Secret
            : _byName.Count > 0 && _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var byName) ? byName
            : (DataClassification?)null;
        verdict = new NameVerdict(classification, _pathTails.Count > 0 && _pathTails.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name));
        if (_nameVerdicts.Count < 4096 && name.Length <= 256)
        {
            remembered.TryAdd(name, verdict);
        }

        return verdict;
    }

    private readonly record struct NameVerdict(DataClassification? Classification, bool EndsConfiguredPath);

    /// <summary>A growable, pooled character buffer holding the current JSON path.</summary>
    private struct PathBuffer(char[] buffer)
    {
        private char[] _buffer = buffer;

        public int Length { get; set; }

        public readonly ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

        public void Append(ReadOnlySpan<char> text)
        {
            if (Length + text.Length > _buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + text.Length));
                _buffer.AsSpan(0, Length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = larger;
            }

            text.CopyTo(_buffer.AsSpan(Length));
            Length += text.Length;
        }

        public readonly void Return() => ArrayPool<char>.Shared.Return(_buffer);
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
}
