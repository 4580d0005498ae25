using Rampart.AspNetCore.Keys;
using Xunit.Abstractions;
using Rampart.AspNetCore.Redaction;
using Rampart.AspNetCore.Redaction.Detectors;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Masking;

public class DetectorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("4111 1111 1111 1111", "4111 1111 1111 1111")]
    [InlineData("5555555555554444", "5555555555554444")]
    [InlineData("3782-822463-10005", "3782-822463-10005")]
    [InlineData("6011111111111117", "6011111111111117")]
    [InlineData("2223003122003222", "2223003122003222")]
    [InlineData("4111 1111 1111 1111 2026", "4111 1111 1111 1111")] // a number after the card
    [InlineData("4111 1111 1111 1112", null)] // Luhn fails
    [InlineData("5555555555554445", null)]
    [InlineData("1234567812345670", null)] // Luhn holds, no issuer starts with 1
    [InlineData("41111111111111", null)] // Visa of 14 digits
    public void Payment_cards_need_luhn_issuer_and_length(string text, string? card)
        => Assert.Equal(card is not null, FindsExactly(text, PiiKind.PaymentCard, card ?? text));

    [Theory]
    [InlineData("800101-1234560", true)] // check digit 0
    [InlineData("8001011234560", true)]
    [InlineData("800101-1234567", false)] // wrong check digit
    [InlineData("801301-1234560", false)] // month 13
    [InlineData("800230-1234565", false)] // 30 February
    [InlineData("210315-3123457", true)] // born after October 2020: random digits, no check digit
    [InlineData("2103153123457", false)] // ... but only in the dashed form
    [InlineData("991231-3123454", false)] // born in 2099: in the future
    [InlineData("200915-3123457", false)] // born before October 2020 with a wrong check digit
    public void Korean_rrn_checks_date_gender_and_check_digit(string text, bool valid)
    {
        Assert.Equal(valid, KoreanRrnDetector.IsValid(text));
        Assert.Equal(valid, FindsExactly(text, PiiKind.KoreanResidentRegistrationNumber, text));
    }

    [Theory]
    [InlineData("123-45-6789", true)]
    [InlineData("123 45 6789", true)]
    [InlineData("899-99-9999", true)]
    [InlineData("000-12-3456", false)]
    [InlineData("666-12-3456", false)]
    [InlineData("912-34-5678", false)]
    [InlineData("123-00-4567", false)]
    [InlineData("123-45-0000", false)]
    [InlineData("078-05-1120", false)] // the Woolworth wallet number
    [InlineData("123-45 6789", false)] // mixed separators
    public void Us_ssn_checks_ranges(string text, bool valid)
        => Assert.Equal(valid, FindsExactly(text, PiiKind.UsSocialSecurityNumber, text));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("DE89370400440532013001", false)] // mod 97 fails
    [InlineData("GB82WEST12345698765433", false)]
    [InlineData("DE8937040044053201300", false)] // one short for Germany
    [InlineData("XX89370400440532013000", false)] // no such country
    public void Iban_checks_country_length_and_mod_97(string text, bool valid)
        => Assert.Equal(valid, FindsExactly(text, PiiKind.Iban, text));

    [Theory]
    [InlineData("010-1234-5678", true)]
    [InlineData("01012345678", true)]
    [InlineData("02-123-4567", true)]
    [InlineData("031-123-4567", true)]
    [InlineData("+82 10-1234-5678", true)]
    [InlineData("+82 2 123 4567", true)]
    [InlineData("(415) 555-2671", true)]
    [InlineData("415-555-2671", true)]
    [InlineData("+1 415 555 2671", true)]
    [InlineData("+44 20 7946 0958", true)]
    [InlineData("(115) 555-2671", false)] // area codes never start with 1
    [InlineData("(411) 555-2671", false)] // N11 is a service code
    [InlineData("415-155-2671", false)] // exchanges never start with 1
    [InlineData("012-3456-7890", false)] // no such Korean prefix
    [InlineData("+999 1234 5678", false)] // no such country code
    [InlineData("+82 99-1234-5678", false)] // no such Korean prefix
    public void Phone_numbers_check_country_area_and_length(string text, bool valid)
        => Assert.Equal(valid, FindsExactly(text, PiiKind.Phone, text));

    [Theory]
    [InlineData("alice@example.com", true)]
    [InlineData("first.last+tag@mail.co.kr", true)]
    [InlineData("alice@localhost", false)]
    [InlineData("a..b@example.com", false)]
    [InlineData("alice@-example.com", false)]
    [InlineData("@example.com", false)]
    public void Emails_check_local_part_and_domain(string text, bool valid)
        => Assert.Equal(valid, FindsExactly(text, PiiKind.Email, text));

    [Theory]
    [InlineData("see...alice.smith@example.com", "alice.smith@example.com")]
    [InlineData("a..b@example.com", "b@example.com")]
    [InlineData(".alice@example.com", "alice@example.com")]
    [InlineData("x...y..z.w@example.org", "z.w@example.org")]
    public void A_failed_email_candidate_is_searched_again_inside(string text, string email)
    {
        Assert.True(FindsExactly(text, PiiKind.Email, email));
        Assert.Equal($"value: {text[..^email.Length]}[email] !", TextMasker.Default.Mask($"value: {text} !"));
    }

    [Theory]
    [InlineData("see...010-2284-2344", "010-2284-2344")]
    [InlineData("call.010-2284-2344", "010-2284-2344")]
    public void A_phone_number_after_a_full_stop_is_found(string text, string phone)
        => Assert.True(FindsExactly(text, PiiKind.Phone, phone));

    [Fact]
    public void Digits_after_a_decimal_point_are_not_a_phone_number()
        => Assert.DoesNotContain(TextMasker.Default.Find("ratio 3.010-2284-2344"), m => m.Kind == PiiKind.Phone);

    [Fact]
    public void Rampart_keys_are_found_by_checksum_in_any_context()
    {
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var other = ApiKeyGenerator.NewKey("z9", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId());
        var broken = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.Equal($"x=[rampart-key]&y=[rampart-key]", TextMasker.Default.Mask($"x={key}&y={other}"));
        Assert.Equal("Bearer [rampart-key]", TextMasker.Default.Mask($"Bearer {key}"));
        Assert.Equal("xyz[rampart-key]", TextMasker.Default.Mask("xyz" + key));
        Assert.Equal(broken, TextMasker.Default.Mask(broken));
        Assert.True(RampartKeyDetector.ContainsKey($"prefix{key}suffix"));
        Assert.False(RampartKeyDetector.ContainsKey(broken));
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", true)]
    [InlineData("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", true)]
    [InlineData("xoxb-123456789012-abcdefghijkl", true)]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", true)]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", true)]
    [InlineData("AKIA123", false)]
    [InlineData("eyJub3Rqc29u.eyJhIjoxfQ.x", false)] // header decodes, but not to a JOSE header
    [InlineData("sk_live_short", false)]
    public void Provider_secrets_match_their_documented_formats(string text, bool valid)
        => Assert.Equal(valid, FindsExactly(text, PiiKind.ProviderSecret, text));

    [Fact]
    public void Private_keys_and_connection_string_passwords_are_masked()
    {
        var pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
        Assert.Equal("key: [secret] end", TextMasker.Default.Mask($"key: {pem} end"));
        Assert.Equal("Host=db;Password=[secret];Port=5432", TextMasker.Default.Mask("Host=db;Password=p4ss w0rd;Port=5432"));
    }

    [Fact]
    public void Each_detector_can_be_turned_off_but_keys_cannot()
    {
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var masker = new TextMasker(new TextMaskingOptions { Email = false, PaymentCard = false });

        Assert.Equal("alice@example.com 4111111111111111 [rampart-key] [phone]", masker.Mask($"alice@example.com 4111111111111111 {key} 010-1234-5678"));
        Assert.Equal("[rampart-key]", new TextMasker(new TextMaskingOptions { Enabled = false }).Mask(key));
    }

    [Fact]
    public void Overlapping_findings_are_merged_under_the_stronger_label()
    {
        // The e-mail detector sees the key's last 64 characters as a local part; the regions are merged.
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var text = $"to {key}@example.com now";

        var found = TextMasker.Default.Find(text);

        var merged = Assert.Single(found);
        Assert.Equal(PiiKind.RampartKey, merged.Kind);
        Assert.Equal("to [rampart-key] now", TextMasker.Default.Mask(text));
    }

    [Fact]
    public void Look_alikes_in_ordinary_text_are_left_alone()
    {
        string[] ordinary =
        [
            "Order 1234567890123 shipped on 2026-11-24 12:00:00",
            "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
            "id 3fa85f64-5717-4562-b3fc-2c963f66afa6 version 10.0.100",
            "price $1,234.56 for 12 items, ISBN 978-3-16-148410-0",
            "from 192.168.1.1:8080 to 10.0.0.1",
            "build 20261124.1 took 1234567 ms",
            "invoice INV-2026-000123, account 12345678",
            "range 1-100, page 2 of 15, +5 points",
            "ratio 1:2:3, coordinates 37.5665, 126.9780",
            "the answer is 4111 and 1111 more",
            "user@ in text, or just @handle",
            "acme_live_ is a prefix",
        ];

        foreach (var text in ordinary)
        {
            Assert.Equal(text, TextMasker.Default.Mask(text));
        }
    }

    [Fact]
    public void Pre_checks_on_text_and_on_utf8_never_rule_out_a_finding()
    {
        var samples = new PiiSamples(new Random(777));
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var values = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            values.AddRange(
            [
                samples.Email(), samples.Card(), samples.Card(valid: false), samples.Phone(), samples.KoreanRrn(), samples.KoreanRrn(post2020: true),
                samples.Ssn(), samples.Ssn(valid: false), samples.Iban(), samples.Iban(grouped: true), samples.ProviderSecret(), samples.Digits(samples.Random.Next(6, 20)),
            ]);
        }

        values.AddRange(
        [
            "Server=db;PASSWORD=hunter2;", "Host=x;Pwd = s3cret", "-----BEGIN RSA PRIVATE KEY-----", "-----begin private key-----",
            "Server=db;paſſword=hunter2", "token EYJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "sk-proj-" + new string('a', 24),
        ]);
        var checkedFindings = 0;
        foreach (var value in values.Append(key))
        {
            foreach (var text in new[] { value, $"note: {value} (end)", $"주문 {value}, 고객", $"{value}-{value}" })
            {
                var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
                if (!ReferenceEquals(TextMasker.Default.Mask(text), text))
                {
                    Assert.True(TextMasker.Default.MayFind(text), text);
                    Assert.True(TextMasker.Default.MayFind(utf8), text);
                    checkedFindings++;
                }

                foreach (var detector in Detectors())
                {
                    var found = new List<PiiMatch>();
                    detector.Find(text, found);
                    if (found.Count > 0)
                    {
                        Assert.True(detector.MayContain(text), $"{detector.Kind} text pre-check: {text}");
                        Assert.True(detector.MayContain(utf8), $"{detector.Kind} UTF-8 pre-check: {text}");
                        Assert.True(PiiDetector.CountDigits(utf8, 13) == PiiDetector.CountDigits(text, 13), text);
                    }
                }
            }
        }

        output.WriteLine($"{checkedFindings} texts with findings checked against both pre-checks.");
        Assert.True(checkedFindings > 3_000);
    }

    [Fact]
    public void Every_token_format_inside_an_id_like_run_passes_the_pre_check()
    {
        var random = new Random(2718);
        string Token(string alphabet, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
        const string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var header = Convert.ToBase64String("{\"alg\":\"HS256\"}"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var detector = new ProviderSecretDetector();
        var found = 0;
        var runOnly = 0;
        for (var i = 0; i < 50; i++)
        {
            string[] tokens =
            [
                "AKIA" + Token("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "ASIA" + Token("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                "ghp_" + Token(alnum, 36), "gho_" + Token(alnum, 36), "ghs_" + Token(alnum, 40), "github_pat_" + Token(alnum + "_", 82),
                "glpat-" + Token(alnum, 20), "xoxb-" + Token(alnum + "-", 40), "xoxp-" + Token(alnum, 12), "sk_live_" + Token(alnum, 24),
                "rk_test_" + Token(alnum, 30), "AIza" + Token(alnum + "_-", 35), "sk-proj-" + Token(alnum + "_-", 48),
                "sk-ant-" + Token(alnum, 40), "npm_" + Token(alnum, 36), header + ".eyJ" + Token(alnum, 20) + "." + Token(alnum, 20),
            ];
            foreach (var token in tokens)
            {
                foreach (var text in new[] { token, "trace-" + token, "0HN8T4Q2M6L9K." + token + ".00017", "id " + token + " done" })
                {
                    var matches = new List<PiiMatch>();
                    detector.Find(text, matches);
                    if (matches.Count == 0)
                    {
                        continue;
                    }

                    found++;
                    runOnly += SecretShape.Classify(text) == SecretShapes.TokenRunOnly ? 1 : 0;
                    Assert.True(detector.MayContain(text), text);
                }
            }
        }

        output.WriteLine($"{found} texts with a token found, {runOnly} of them with a token run alone.");
        Assert.True(runOnly > 2_000, $"{runOnly} texts took the token-run path.");
        Assert.False(detector.MayContain("0HN8T4Q2M6L9K-00000017"));
        Assert.False(detector.MayContain("0f8fad5b-d9cb-469f-a165-70867728950e"));
    }

    [Fact]
    public void The_token_run_pre_check_answers_whether_any_marker_occurs()
    {
        var random = new Random(4711);
        const string alphabet = "AaBbCcegGhiIkKnNoOpPrRsStuwWxyYzZ019_-. ";
        var markers = ProviderSecretDetector.RunMarkers;
        int yes = 0, no = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 240)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            if (i % 3 == 0)
            {
                // A marker whole, or cut short by one character, somewhere in the text.
                var marker = markers[random.Next(markers.Length)];
                text = text.Insert(random.Next(0, text.Length + 1), i % 6 == 0 ? marker : marker[..^1]);
            }

            var expected = markers.Any(m => text.Contains(m, StringComparison.Ordinal));
            Assert.Equal(expected, ProviderSecretDetector.MayContain(text, SecretShapes.TokenRunOnly));
            _ = expected ? yes++ : no++;
        }

        output.WriteLine($"{yes} texts with a marker, {no} without.");
        Assert.True(yes > 3_000 && no > 3_000, $"{yes} with a marker, {no} without.");
        Assert.False(ProviderSecretDetector.MayContain(
            "Request for /api/v2/organizations/org-1842/orders/recent from client orders-sync/4.2.1 (linux; x64) dotnet/10.0 finished; the correlation is 0HN8T4Q2M6L9K-00000017.",
            SecretShapes.TokenRunOnly));
    }

    [Fact]
    public void The_vectorised_shape_test_answers_as_the_character_by_character_one()
    {
        var random = new Random(5150);
        var samples = new PiiSamples(random);
        const string alphabet = "abcXYZ019_-.=/+: é\n{}whsec";
        var checkedTexts = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, 90);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                // Mostly short runs, now and then a long one, so both answers occur at every offset.
                chars[j] = random.Next(12) == 0 ? ' ' : alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            if (i % 7 == 0)
            {
                var at = random.Next(0, length + 1);
                text = text.Insert(at, i % 14 == 0 ? samples.ProviderSecret() : "whsec_" + "ab+/cd");
            }

            Assert.Equal(SecretShape.ClassifyScalar(text), SecretShape.Classify(text, out var separator));
            Assert.Equal(text.AsSpan().IndexOfAny(':', '=') >= 0, separator);
            Assert.Equal(SecretShape.MayHoldScalar(text), SecretShape.MayHold(text));
            checkedTexts++;
        }

        Assert.True(SecretShape.MayHold("see whsec_ab/+cd/+ef/+gh/+ij/+kl/+mn/+op"));
        Assert.True(SecretShape.MayHold("-----BEGIN PRIVATE KEY----- and some more text after it"));
        Assert.False(SecretShape.MayHold("Request for /api/v2/organizations/org-1842/orders/recent from orders-sync/4.2.1 (linux; x64)"));
        Assert.Equal(20_000, checkedTexts);
    }

    private static PiiDetector[] Detectors() =>
    [
        RampartKeyDetector.Instance, new ProviderSecretDetector(), new EmailDetector(), new IbanDetector(), new PaymentCardDetector(),
        new KoreanRrnDetector(), new UsSsnDetector(), new PhoneNumberDetector(),
    ];

    [Fact]
    public void Precision_and_recall_on_labelled_examples()
    {
        var samples = new PiiSamples(new Random(424242));
        var labelled = new List<(string Text, PiiKind? Kind)>();
        for (var i = 0; i < 150; i++)
        {
            labelled.Add((samples.Email(), PiiKind.Email));
            labelled.Add((samples.Card(), PiiKind.PaymentCard));
            labelled.Add((samples.Card(valid: false), null));
            labelled.Add((samples.Phone(), PiiKind.Phone));
            labelled.Add((samples.KoreanRrn(), PiiKind.KoreanResidentRegistrationNumber));
            labelled.Add((samples.KoreanRrn(post2020: true), PiiKind.KoreanResidentRegistrationNumber));
            labelled.Add((samples.KoreanRrn(valid: false), null));
            labelled.Add((samples.Ssn(), PiiKind.UsSocialSecurityNumber));
            labelled.Add((samples.Ssn(valid: false), null));
            labelled.Add((samples.Iban(), PiiKind.Iban));
            labelled.Add((samples.Iban(grouped: true), PiiKind.Iban));
            labelled.Add((samples.Iban(valid: false), null));
            labelled.Add((samples.ProviderSecret(), PiiKind.ProviderSecret));
            labelled.Add(($"order {samples.Digits(8)} on page {samples.Random.Next(100)}", null));
        }

        var stats = Enum.GetValues<PiiKind>().ToDictionary(k => k, _ => (Tp: 0, Fp: 0, Fn: 0));
        foreach (var (value, kind) in labelled)
        {
            var text = $"note: {value} (end)";
            var found = TextMasker.Default.Find(text);
            var start = text.IndexOf(value, StringComparison.Ordinal);
            var hit = found.FirstOrDefault(m => m.Start == start && m.Length == value.Length);
            foreach (var match in found.Where(m => !(kind is not null && m == hit)))
            {
                var s = stats[match.Kind];
                stats[match.Kind] = (s.Tp, s.Fp + 1, s.Fn);
            }

            if (found.Any(m => !(kind is not null && m == hit)) || (kind is not null && !(found.Contains(hit) && hit.Length > 0)))
            {
                output.WriteLine($"miss: '{value}' labelled {kind?.ToString() ?? "none"}, found {string.Join(", ", found.Select(m => $"{m.Kind} '{text.Substring(m.Start, m.Length)}'"))}");
            }

            if (kind is { } expected)
            {
                var s = stats[expected];
                stats[expected] = found.Contains(hit) && hit.Kind == expected && hit.Length > 0 ? (s.Tp + 1, s.Fp, s.Fn) : (s.Tp, s.Fp, s.Fn + 1);
            }
        }

        foreach (var (kind, (tp, fp, fn)) in stats.Where(s => s.Value != (0, 0, 0)))
        {
            var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
            var recall = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
            output.WriteLine($"{kind,-36} TP {tp,4}  FP {fp,3}  FN {fn,3}  precision {precision:P1}  recall {recall:P1}");
        }

        output.WriteLine($"{labelled.Count} labelled examples.");
        Assert.All(stats.Values, s => Assert.Equal(0, s.Fp));
        Assert.All(stats.Values, s => Assert.Equal(0, s.Fn));
    }

    private static bool FindsExactly(string text, PiiKind kind, string expected)
    {
        var sentence = $"value: {text} !";
        var found = TextMasker.Default.Find(sentence);
        var match = Assert.Single(found.Where(m => m.Kind == kind).DefaultIfEmpty(new PiiMatch(0, 0, kind)));
        return match.Length > 0 && sentence.Substring(match.Start, match.Length) == expected;
    }
}
