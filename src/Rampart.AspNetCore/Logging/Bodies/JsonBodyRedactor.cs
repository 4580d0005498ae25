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

        // The path of each open object or array; arrays keep their parent's path.
        var paths = new Stack<string>();
        var currentPath = "$";
        DataClassification? pending = null;

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
                        currentPath = paths.Count > 0 ? paths.Peek() : "$";
                        break;
                    }

                    paths.Push(currentPath);
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
                case JsonTokenType.EndArray:
                    paths.Pop();
                    currentPath = paths.Count > 0 ? paths.Peek() : "$";
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteEndArray();
                    }

                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var parent = paths.Count > 0 ? paths.Peek() : "$";
                    currentPath = usePaths ? parent + "." + name : parent;
                    pending = Classify(name, currentPath, types, usePaths);
                    writer.WritePropertyName(_masker.Mask(name));
                    break;
                case JsonTokenType.String:
                    var text = reader.GetString()!;
                    writer.WriteStringValue(pending is { } stringClass ? _redactors.GetRedactor(stringClass).Redact(text) : _masker.Mask(text));
                    pending = null;
                    break;
                case JsonTokenType.Number:
                    var number = Encoding.UTF8.GetString(reader.ValueSpan);
                    if (pending is { } numberClass)
                    {
                        writer.WriteStringValue(_redactors.GetRedactor(numberClass).Redact(number));
                    }
                    else
                    {
                        var masked = _masker.Mask(number);
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

    private DataClassification? Classify(string name, string path, JsonFieldClassifications types, bool usePaths)
    {
        if (_secretNames.IsSecret(name))
        {
            return RampartDataClassifications.Secret;
        }

        if (_byName.Count > 0 && _byName.TryGetValue(name, out var byName))
        {
            return byName;
        }

        if (usePaths)
        {
            if (types.ByPath.TryGetValue(path, out var byType) || _byPath.TryGetValue(path, out byType))
            {
                return byType;
            }
        }

        return null;
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
