using System.Text;
using Rampart.AspNetCore.Keys;
using Xunit.Abstractions;

namespace Rampart.AspNetCore.Tests.Keys;

/// <summary>Random and adversarial inputs: the parser never throws and only accepts real keys.</summary>
public class ApiKeyParserPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Random_and_adversarial_inputs_never_throw_and_never_parse_as_valid()
    {
        var random = new Random(20261124);
        var valid = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var cases = 0;
        foreach (var input in Inputs(random, valid))
        {
            var status = ApiKeyParser.Parse(input, "acme", ApiKeyEnvironment.Live, out _);
            cases++;
            if (status == ApiKeyParseStatus.Valid)
            {
                // The only way to be valid is to be a real key: same grammar and a matching CRC-32.
                Assert.Equal(ApiKeyFormatError.None, ApiKeyFormat.Check(input, out _));
                Assert.StartsWith("acme_live_", input, StringComparison.Ordinal);
            }
        }

        output.WriteLine($"{cases} inputs checked.");
        Assert.True(cases > 50_000);
    }

    [Fact]
    public void Random_mutations_of_a_real_key_are_rejected_unless_they_restore_it()
    {
        var random = new Random(7);
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = key.ToCharArray();
            var position = random.Next("acme_live_".Length, chars.Length);
            chars[position] = ApiKeyFormat.Base62Alphabet[random.Next(62)];
            var mutated = new string(chars);
            if (ApiKeyParser.Parse(mutated, "acme", ApiKeyEnvironment.Live, out _) == ApiKeyParseStatus.Valid)
            {
                Assert.Equal(key, mutated);
                accepted++;
            }
        }

        output.WriteLine($"{accepted} mutations happened to restore the original key.");
    }

    private static IEnumerable<string> Inputs(Random random, string valid)
    {
        yield return string.Empty;
        yield return new string('\0', 70);
        yield return "\uD800" + valid[1..];
        yield return valid[..^1] + "\uDFFF";
        yield return valid.Replace('_', '\u2017');
        yield return valid.ToUpperInvariant();
        yield return valid + valid;
        yield return new string('a', 1 << 20);
        yield return "acme_live_" + new string('0', ApiKeyFormat.BodyLength + ApiKeyFormat.ChecksumLength);
        yield return "acme_live_" + new string('z', ApiKeyFormat.BodyLength + ApiKeyFormat.ChecksumLength);

        for (var i = 0; i < 20_000; i++)
        {
            // Arbitrary UTF-16, including lone surrogates and control characters.
            var length = random.Next(0, 100);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = (char)random.Next(0, 0x10000);
            }

            yield return new string(chars);
        }

        for (var i = 0; i < 20_000; i++)
        {
            // Near misses: the right shape with random base62 content, so only the checksum decides.
            var body = new StringBuilder("acme_live_");
            for (var j = 0; j < ApiKeyFormat.BodyLength + ApiKeyFormat.ChecksumLength; j++)
            {
                body.Append(ApiKeyFormat.Base62Alphabet[random.Next(62)]);
            }

            yield return body.ToString();
        }

        for (var i = 0; i < 20_000; i++)
        {
            // Truncations, extensions and splices of a real key.
            var cut = random.Next(0, valid.Length);
            yield return (i % 3) switch
            {
                0 => valid[..cut],
                1 => valid + valid[..cut],
                _ => valid[cut..] + valid[..cut],
            };
        }
    }
}
