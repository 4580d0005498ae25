using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Tests.Keys;

public class ApiKeyParserTests
{
    private static string NewKey(string prefix = "acme", ApiKeyEnvironment environment = ApiKeyEnvironment.Live)
        => ApiKeyGenerator.NewKey(prefix, environment, ApiKeyGenerator.NewKeyId());

    [Fact]
    public void A_generated_key_parses_into_its_parts()
    {
        var id = ApiKeyGenerator.NewKeyId();
        var key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, id);

        var status = ApiKeyParser.Parse(key, "acme", ApiKeyEnvironment.Test, out var parsed);

        Assert.Equal(ApiKeyParseStatus.Valid, status);
        Assert.Equal("acme", parsed.Prefix.ToString());
        Assert.Equal(ApiKeyEnvironment.Test, parsed.Environment);
        Assert.Equal(id, parsed.KeyId.ToString());
        Assert.Equal(ApiKeyFormat.SecretLength, parsed.Secret.Length);
        Assert.StartsWith("acme_test_" + id, key, StringComparison.Ordinal);
        Assert.Equal(ApiKeyFormat.MinLength + 2, key.Length);
    }

    [Fact]
    public void Keys_are_distinct_and_use_the_base62_alphabet()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => NewKey()).ToHashSet();
        Assert.Equal(1000, keys.Count);
        Assert.All(keys, k => Assert.All(k["acme_live_".Length..], c => Assert.Contains(c, ApiKeyFormat.Base62Alphabet)));
    }

    [Fact]
    public void The_checksum_is_the_crc32_of_everything_before_it_in_base62()
    {
        var key = NewKey();
        var body = key[..^ApiKeyFormat.ChecksumLength];
        var crc = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes(body));
        var expected = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            expected[i] = ApiKeyFormat.Base62Alphabet[(int)(crc % 62)];
            crc /= 62;
        }

        Assert.Equal(new string(expected), key[^ApiKeyFormat.ChecksumLength..]);
    }

    [Fact]
    public void The_table_crc_used_by_the_analyzers_equals_the_runtime_crc()
    {
        var random = new Random(3);
        for (var length = 0; length <= ApiKeyFormat.MaxLength + 20; length++)
        {
            var text = new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(32, 127)).ToArray());
            Assert.Equal(ApiKeyFormat.Crc32(text), ApiKeyFormat.Crc32Sliced(text));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes(text)), ApiKeyFormat.Crc32Sliced(text));
        }
    }

    [Fact]
    public void Every_single_character_change_is_caught()
    {
        var key = NewKey();
        var bodyStart = "acme_live_".Length;
        for (var i = bodyStart; i < key.Length; i++)
        {
            var replacement = key[i] == 'a' ? 'b' : 'a';
            var mutated = string.Concat(key.AsSpan(0, i), [replacement], key.AsSpan(i + 1));
            Assert.Equal(ApiKeyParseStatus.ChecksumMismatch, ApiKeyParser.Parse(mutated, "acme", ApiKeyEnvironment.Live, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme")]
    [InlineData("acme_live_")]
    [InlineData("Bearer acme_live_x")]
    [InlineData("not a key at all, but long enough to reach the minimum length of a key......")]
    public void Malformed_inputs_are_rejected(string input)
    {
        var status = ApiKeyParser.Parse(input, "acme", ApiKeyEnvironment.Live, out _);
        Assert.NotEqual(ApiKeyParseStatus.Valid, status);
        Assert.Equal(input.Length == 0 ? ApiKeyParseStatus.Empty : ApiKeyParseStatus.Malformed, status);
    }

    [Fact]
    public void Over_long_input_is_rejected_before_it_is_read()
    {
        var huge = new string('a', 1024 * 1024);
        Assert.Equal(ApiKeyParseStatus.TooLong, ApiKeyParser.Parse(huge, "acme", ApiKeyEnvironment.Live, out _));
        Assert.Equal(ApiKeyParseStatus.TooLong, ApiKeyParser.Parse(NewKey("abcdefghijkl") + "x", "abcdefghijkl", ApiKeyEnvironment.Live, out _));
        Assert.Equal(ApiKeyParseStatus.Valid, ApiKeyParser.Parse(NewKey("abcdefghijkl"), "abcdefghijkl", ApiKeyEnvironment.Live, out _));
    }

    [Fact]
    public void A_key_of_another_prefix_or_environment_is_recognised_as_such()
    {
        Assert.Equal(ApiKeyParseStatus.WrongPrefix, ApiKeyParser.Parse(NewKey("other"), "acme", ApiKeyEnvironment.Live, out _));
        Assert.Equal(ApiKeyParseStatus.WrongEnvironment, ApiKeyParser.Parse(NewKey(environment: ApiKeyEnvironment.Test), "acme", ApiKeyEnvironment.Live, out _));
        Assert.Equal(ApiKeyParseStatus.WrongEnvironment, ApiKeyParser.Parse(NewKey(), "acme", ApiKeyEnvironment.Test, out _));
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("acme2", true)]
    [InlineData("abcdefghijkl", true)]
    [InlineData("a", false)]
    [InlineData("abcdefghijklm", false)]
    [InlineData("2fa", false)]
    [InlineData("Acme", false)]
    [InlineData("ac_me", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Prefix_rules(string? prefix, bool valid) => Assert.Equal(valid, ApiKeyParser.IsValidPrefix(prefix));
}
