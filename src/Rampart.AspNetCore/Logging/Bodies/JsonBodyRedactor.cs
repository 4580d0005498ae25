using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Rampart.AspNetCore.Logging.Masking;

namespace Rampart.AspNetCore.Logging;

/// <summary>
/// Rewrites a JSON body for the log in one forward pass: a classified field (by the bound type's
/// attributes, by configured name or path, or by a secret-looking name) goes through the redactor
/// of its classification; every other string goes through the PII masker. Invalid JSON yields
/// <see langword="null"/>: it is not logged, since its fields cannot be told apart.
/// </summary>
internal sealed class JsonBodyRedactor
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private readonly IRedactorProvider _redactors;
    private readonly TextMasker _masker;
    private readonly SecretNameMatcher _secretNames;
    private readonly Dictionary<string, DataClassification> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DataClassification> _byPath = new(StringComparer.OrdinalIgnoreCase);

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
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        try
        {
            using (var writer = new Utf8JsonWriter(output, WriterOptions))
            {
                Rewrite(json, types, writer);
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private void Rewrite(ReadOnlySpan<byte> json, JsonFieldClassifications types, Utf8JsonWriter writer)
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
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (pending is { } containerClass)
                        {
                            var start = (int)reader.TokenStartIndex;
                            reader.Skip();
                            var raw = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                            writer.WriteStringValue(_redactors.GetRedactor(containerClass).Redact(raw));
                            pending = null;
                            break;
                        }

                        containers.Push(path.Length);
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            writer.WriteStartObject();
                        }
                        else
                        {
                            writer.WriteStartArray();
                        }

                        break;
                    case JsonTokenType.EndObject:
                        containers.Pop();
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        writer.WriteEndArray();
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
                            writer.WritePropertyName(_masker.Mask(name.ToString()));
                        }
                        else
                        {
                            writer.WritePropertyName(name);
                        }

                        break;
                    case JsonTokenType.String:
                        var text = Unescape(ref reader, ref scratch);
                        if (pending is { } stringClass)
                        {
                            writer.WriteStringValue(_redactors.GetRedactor(stringClass).Redact(text));
                        }
                        else if (_masker.MayFind(text))
                        {
                            writer.WriteStringValue(_masker.Mask(text.ToString()));
                        }
                        else
                        {
                            writer.WriteStringValue(text);
                        }

                        pending = null;
                        break;
                    case JsonTokenType.Number:
                        if (pending is { } numberClass)
                        {
                            writer.WriteStringValue(_redactors.GetRedactor(numberClass).Redact(Encoding.UTF8.GetString(reader.ValueSpan)));
                        }
                        else
                        {
                            // Only long numbers can hold a card or an id; short ones are copied as they are.
                            var number = reader.ValueSpan.Length >= 8 ? Encoding.UTF8.GetString(reader.ValueSpan) : null;
                            var masked = number is null ? null : _masker.Mask(number);
                            if (ReferenceEquals(masked, number))
                            {
                                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            }
                            else
                            {
                                writer.WriteStringValue(masked);
                            }
                        }

                        pending = null;
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                    case JsonTokenType.Null:
                        if (pending is { } literalClass)
                        {
                            writer.WriteStringValue(_redactors.GetRedactor(literalClass).Redact(Encoding.UTF8.GetString(reader.ValueSpan)));
                        }
                        else
                        {
                            writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
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

    private DataClassification? Classify(ReadOnlySpan<char> name, ReadOnlySpan<char> path, JsonFieldClassifications types, bool usePaths)
    {
        if (_secretNames.IsSecret(name))
        {
            return RampartDataClassifications.Secret;
        }

        if (_byName.Count > 0 && _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var byName))
        {
            return byName;
        }

        if (usePaths
            && (types.ByPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var byType)
                || _byPath.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out byType)))
        {
            return byType;
        }

        return null;
    }

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
            }
            else if (field.Length > 0)
            {
                _byName[field] = classification;
            }
        }
    }
}
