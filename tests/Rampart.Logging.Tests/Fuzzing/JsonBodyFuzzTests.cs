using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Logging.Tests.Fuzzing;

/// <summary>
/// Keys and personal data planted in every place a JSON body can hold them (names, values, comments,
/// escapes, numbers, deep nesting): none of them survives into what the audit log writes.
/// </summary>
public sealed class JsonBodyFuzzTests
{
    private static readonly string[] Before = ["", "see ", "see...", "(", "mail: ", "x\n"];
    private static readonly string[] After = ["", ".", " thanks", ")", "\t"];

    private static readonly JsonBodyRedactor Redactor = new(new EraseAll(), TextMasker.Default, new SecretNameMatcher(new RampartLoggingOptions()), new BodyLoggingOptions());

    private readonly RequestBodyFormatter _formatter = new(Redactor, TextMasker.Default, new SecretNameMatcher(new RampartLoggingOptions()), maxLength: 1 << 20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Nothing_planted_survives(int seed)
    {
        var samples = new PiiSamples(new Random(seed));
        int logged = 0, refused = 0;
        for (var round = 0; round < 400; round++)
        {
            var body = new Body(samples);
            body.Value(depth: 0);
            var json = body.Text.ToString();
            var written = _formatter.Format(Encoding.UTF8.GetBytes(json), "application/json", JsonFieldClassifications.Empty);

            foreach (var planted in body.Planted)
            {
                Assert.False(written.Contains(planted, StringComparison.Ordinal), $"'{planted}' survived.\nBody: {json}\nWritten: {written}");
            }

            if (body.HasComment)
            {
                Assert.True(
                    written == $"[JSON body of {Encoding.UTF8.GetByteCount(json)} bytes not logged: it holds comments, which cannot be redacted]",
                    $"Body: {json}\nWritten: {written}");
                refused++;
                continue;
            }

            // Without comments the body is logged (the log line neutralises its line breaks, so the
            // redactor's own output is parsed), and nothing planted is in any of its tokens once unescaped.
            using var document = JsonDocument.Parse(Redactor.Redact(Encoding.UTF8.GetBytes(json), JsonFieldClassifications.Empty) ?? "no output");
            var tokens = new List<string>();
            Collect(document.RootElement, tokens);
            foreach (var planted in body.Planted)
            {
                Assert.DoesNotContain(tokens, t => t.Contains(planted, StringComparison.Ordinal));
            }

            logged++;
        }

        // Both paths were exercised, not just one.
        Assert.InRange(logged, 50, 400);
        Assert.InRange(refused, 50, 400);
    }

    [Fact]
    public void Nesting_past_the_limit_is_refused_with_its_reason_and_the_limit_itself_is_logged()
    {
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        string Nested(int depth) => new string('[', depth - 1) + $$"""{"k":"{{key}}"}""" + new string(']', depth - 1);

        var deepest = _formatter.Format(Encoding.UTF8.GetBytes(Nested(JsonBodyRedactor.MaxDepth)), "application/json", JsonFieldClassifications.Empty);
        Assert.Contains("[rampart-key]", deepest, StringComparison.Ordinal);
        Assert.DoesNotContain(key, deepest, StringComparison.Ordinal);

        var tooDeep = _formatter.Format(Encoding.UTF8.GetBytes(Nested(JsonBodyRedactor.MaxDepth + 1)), "application/json", JsonFieldClassifications.Empty);
        Assert.Equal($"[JSON body of {Nested(JsonBodyRedactor.MaxDepth + 1).Length} bytes not logged: nested deeper than 64 levels]", tooDeep);
    }

    [Theory]
    [InlineData("""{/* ord_live_KEY */ "a": 1}""")]
    [InlineData("{\"a\": 1 // write to alice.smith@example.com\n}")]
    [InlineData("""{"password": {"x": /* ord_live_KEY */ 1}}""")]
    [InlineData("""[1, 2] /* ord_live_KEY */""")]
    public void A_body_with_a_comment_anywhere_is_not_logged(string template)
    {
        var key = ApiKeyGenerator.NewKey("ord", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var json = template.Replace("ord_live_KEY", key, StringComparison.Ordinal);

        var written = _formatter.Format(Encoding.UTF8.GetBytes(json), "application/json", JsonFieldClassifications.Empty);

        Assert.StartsWith("[JSON body of ", written, StringComparison.Ordinal);
        Assert.EndsWith("not logged: it holds comments, which cannot be redacted]", written, StringComparison.Ordinal);
    }

    private static void Collect(JsonElement element, List<string> tokens)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    tokens.Add(property.Name);
                    Collect(property.Value, tokens);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, tokens);
                }

                break;
            case JsonValueKind.String:
                tokens.Add(element.GetString()!);
                break;
            default:
                tokens.Add(element.GetRawText());
                break;
        }
    }

    /// <summary>A random JSON body, written with secrets planted in names, strings, numbers and comments.</summary>
    private sealed class Body(PiiSamples samples)
    {
        private readonly Random _random = samples.Random;
        private readonly bool _comments = samples.Random.Next(2) == 0;

        public StringBuilder Text { get; } = new();

        public List<string> Planted { get; } = [];

        public bool HasComment { get; private set; }

        public void Value(int depth)
        {
            Gap();
            var deep = depth < 60 && _random.Next(10) < (depth < 3 ? 7 : 4);
            switch (deep ? _random.Next(2) : 2 + _random.Next(4))
            {
                case 0:
                    Text.Append('{');
                    var properties = _random.Next(0, 4);
                    for (var i = 0; i < properties; i++)
                    {
                        if (i > 0)
                        {
                            Text.Append(',');
                        }

                        Gap();
                        String(_random.Next(3) == 0 ? Plant() : samples.Letters(1, 6));
                        Gap(comment: false); // System.Text.Json reads no comment between a name and its colon
                        Text.Append(':');
                        Value(depth + 1);
                    }

                    Gap();
                    Text.Append('}');
                    break;
                case 1:
                    Text.Append('[');
                    var items = _random.Next(0, 4);
                    for (var i = 0; i < items; i++)
                    {
                        if (i > 0)
                        {
                            Text.Append(',');
                        }

                        Value(depth + 1);
                    }

                    Gap();
                    Text.Append(']');
                    break;
                case 2:
                    String(Plant());
                    break;
                case 3:
                    // A card number written as a JSON number.
                    string card;
                    do
                    {
                        card = samples.Card();
                    }
                    while (!card.All(char.IsAsciiDigit));
                    Planted.Add(card);
                    Text.Append(card);
                    break;
                case 4:
                    Text.Append(_random.Next(3) switch { 0 => "true", 1 => "null", _ => "12.5e3" });
                    break;
                default:
                    String(samples.Letters(0, 12));
                    break;
            }

            Gap();
        }

        // Whitespace, and where this body has them, comments carrying a secret.
        private void Gap(bool comment = true)
        {
            if (_random.Next(4) == 0)
            {
                Text.Append(" \n\t\r"[_random.Next(4)]);
            }

            if (comment && _comments && _random.Next(8) == 0)
            {
                HasComment = true;
                var secret = Plant().Replace('\n', ' ');
                Text.Append(_random.Next(2) == 0 ? $"/* {secret} */" : $"// {secret}\n");
            }
        }

        private string Plant()
        {
            var secret = _random.Next(4) == 0
                ? ApiKeyGenerator.NewKey(samples.Letters(2, 6), _random.Next(2) == 0 ? ApiKeyEnvironment.Live : ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId())
                : samples.AnyPii();
            Planted.Add(secret);
            return Before[_random.Next(Before.Length)] + secret + After[_random.Next(After.Length)];
        }

        // A JSON string whose characters are escaped at random, \uXXXX or the short forms.
        private void String(string value)
        {
            Text.Append('"');
            foreach (var c in value)
            {
                if (c is '"' or '\\' or < ' ' || _random.Next(5) == 0)
                {
                    Text.Append(c switch
                    {
                        '"' => "\\\"",
                        '\\' => "\\\\",
                        '\n' => "\\n",
                        '\t' => "\\t",
                        '/' => "\\/",
                        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                    });
                }
                else
                {
                    Text.Append(c);
                }
            }

            Text.Append('"');
        }
    }

    private sealed class EraseAll : IRedactorProvider
    {
        public Redactor GetRedactor(DataClassificationSet classifications) => ErasingRedactor.Instance;
    }
}
