using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Scrubbing;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;
using Rampart.AspNetCore.Redaction.Detectors;
using Xunit.Abstractions;

namespace Rampart.AspNetCore.Logging.Tests.Scrubbing;

/// <summary>
/// The scrubber's fast answers (the shape pass of every length, the compiled check of a
/// <c>LoggerMessage.Define</c> state) against the full searches, over random and adversarial text.
/// </summary>
public sealed class FastPathEquivalenceTests(ITestOutputHelper output)
{
    // Token characters, features, and characters outside ASCII whose low byte is a token character
    // or a feature ('Ľ' is U+013D, whose low byte is '='; 'ĺ' ':', 'ĭ' '-', 'ş' '_', 'Ł' 'A', 'İ' '0', 'Į' '.').
    private const string Alphabet = "abcXYZ019_-.=:/+ ;\"'\n{}whsecpwdPRIVATEKY ĽĺĭşŁİĮé";

    private static readonly string[] Fragments =
    [
        "Authorization: Bearer abc", "Cookie=session", "X-Api-Key:\"k\"", "pwd=hunter22", "Password = s3cret;", "password=[Redacted]",
        "Authorization=[Redacted]", "-----BEGIN RSA PRIVATE KEY-----", "-----", "whsec_", "whsec_ab+/cd+/ef+/gh+/ij+/kl+/mn", "_live_", "_test_",
        "eyJ", "xoxb-", "AKIA", "0HN8T4Q2M6L9K-00000017", "Set-Cookies: x", "Cookies=x",
    ];

    [Fact]
    public void The_fast_check_of_a_text_answers_as_the_full_search_at_every_length()
    {
        var random = new Random(90210);
        var samples = new PiiSamples(random);
        var scrubber = new LogScrubber(new LogScrubbingOptions(), keyHeader: "X-Tenant-Key");
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        int secret = 0, clean = 0;
        for (var i = 0; i < 40_000; i++)
        {
            // Lengths around every branch of the shape pass: 8-15, 16-31, 32-64 and longer.
            var chars = new char[random.Next(8, 140)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(10) == 0 ? ' ' : Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars);
            switch (i % 5)
            {
                case 1:
                    text = text.Insert(random.Next(text.Length + 1), Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    text = text.Insert(random.Next(text.Length + 1), random.Next(4) == 0 ? key : samples.ProviderSecret());
                    break;
                case 3:
                    // A token run cut at random, so runs of 14, 15 and 16 occur at every offset.
                    text = samples.Token(random.Next(10, 24)) + (random.Next(2) == 0 ? " " : "/") + text[..random.Next(text.Length)];
                    break;
            }

            var expected = scrubber.NeedsScrubbingByFullSearch(text);
            Assert.True(expected == scrubber.NeedsScrubbing(text), $"fast {!expected}, full {expected}: {text}");
            _ = expected ? secret++ : clean++;
        }

        output.WriteLine($"{secret} texts to scrub, {clean} clean.");
        Assert.True(secret > 6_000 && clean > 6_000, $"{secret} to scrub, {clean} clean.");
    }

    [Fact]
    public void The_shape_pass_answers_as_the_one_of_64_characters_at_a_time()
    {
        // The two-load pass of text up to 64 characters against the stepwise one (padded below 32).
        var random = new Random(31337);
        for (var i = 0; i < 40_000; i++)
        {
            var chars = new char[random.Next(8, 65)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(8) == 0 ? ' ' : Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars);
            if (i % 4 == 0)
            {
                var fragment = Fragments[random.Next(Fragments.Length)];
                text = text.Insert(random.Next(text.Length + 1), fragment)[..Math.Min(64, text.Length + fragment.Length)];
            }

            var padded = text.PadRight(32);
            var expected = SecretShape.ClassifyStepwise(padded, out var expectedSeparator);
            Assert.Equal(expected, SecretShape.Classify(text, out var separator));

            // Outside ASCII a character may look like ':' to the lanes (a "may" answer, checked exactly
            // afterwards); the stepwise pass answers exactly on some of its early exits.
            Assert.True(separator || text.AsSpan().IndexOfAny(':', '=') < 0, text);
            if (System.Text.Ascii.IsValid(text))
            {
                Assert.Equal(expectedSeparator, separator);
            }
        }
    }

    [Fact]
    public void The_compiled_check_of_a_Define_state_answers_as_reading_every_value()
    {
        var random = new Random(8086);
        var samples = new PiiSamples(random);
        var scrubber = new LogScrubber(new LogScrubbingOptions(), keyHeader: null);
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId());
        var plain = LoggerMessage.Define<string, string, int, string?>(LogLevel.Information, new EventId(1), "Request for {Path} from {Agent} ended {Status}; correlation {Correlation}.");
        var mixed = LoggerMessage.Define<Uri, string, object?>(LogLevel.Information, new EventId(2), "Called {Target} as {Caller} with {Payload}.");
        var header = LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(3), "{Authorization} sent by {Caller}.");
        var capture = new VerdictCapturingLogger(scrubber);
        int scrub = 0, clean = 0, compiled = 0;
        string Text() => random.Next(6) switch
        {
            0 => key,
            1 => samples.ProviderSecret(),
            2 => Fragments[random.Next(Fragments.Length)],
            3 => "/api/v2/orders/" + samples.Token(random.Next(4, 30)),
            _ => samples.Letters(0, 40),
        };

        for (var i = 0; i < 6_000; i++)
        {
            switch (i % 3)
            {
                case 0:
                    plain(capture, Text(), Text(), random.Next(600), random.Next(5) == 0 ? null : Text(), null);
                    break;
                case 1:
                    mixed(capture, new Uri("https://example.test/" + Uri.EscapeDataString(Text())), Text(), random.Next(3) == 0 ? Text() : random.Next(), null);
                    break;
                default:
                    header(capture, random.Next(3) == 0 ? LogScrubber.Redacted : Text(), Text(), null);
                    break;
            }

            Assert.Equal(capture.ValueByValue, capture.Inspected);
            _ = capture.Inspected == StructuredValuesVerdict.NeedsScrubbing ? scrub++ : clean++;
            compiled += capture.Compiled ? 1 : 0;
        }

        output.WriteLine($"{scrub} records to scrub, {clean} clean, {compiled} answered by the compiled check.");
        Assert.True(scrub > 1_000 && clean > 1_000, $"{scrub} to scrub, {clean} clean.");

        // The header record's names are a secret header, so it never takes the compiled check.
        Assert.True(compiled > 2_000, $"{compiled} records took the compiled check.");
    }

    private sealed class VerdictCapturingLogger(LogScrubber scrubber) : ILogger
    {
        public StructuredValuesVerdict? Inspected { get; private set; }

        public StructuredValuesVerdict? ValueByValue { get; private set; }

        public bool Compiled { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Read through the interface, every value is read and tested (the reference); then the usual path.
            ValueByValue = StructuredValues.Inspect((IReadOnlyList<KeyValuePair<string, object?>>)state!, scrubber);
            Compiled = StructuredValues.CompiledVerdict(state, scrubber) is not null;
            Inspected = StructuredValues.Inspect(state, scrubber);
        }
    }
}
