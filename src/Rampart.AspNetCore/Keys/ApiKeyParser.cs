namespace Rampart.AspNetCore.Keys;

/// <summary>
/// Parses presented credentials. Total: every input gets a status, nothing throws, and the work is
/// bounded by <see cref="MaxKeyLength"/> whatever the input's length.
/// </summary>
public static class ApiKeyParser
{
    /// <summary>The longest text that can be a key; longer input is rejected before it is read.</summary>
    public const int MaxKeyLength = ApiKeyFormat.MaxLength;

    /// <summary>Parses <paramref name="input"/> as a key issued under <paramref name="expectedPrefix"/> for <paramref name="expectedEnvironment"/>.</summary>
    public static ApiKeyParseStatus Parse(ReadOnlySpan<char> input, ReadOnlySpan<char> expectedPrefix, ApiKeyEnvironment expectedEnvironment, out ParsedApiKey key)
    {
        var status = ParseAnyEnvironment(input, expectedPrefix, out key);
        if (status == ApiKeyParseStatus.Valid && key.Environment != expectedEnvironment)
        {
            key = default;
            return ApiKeyParseStatus.WrongEnvironment;
        }

        return status;
    }

    /// <summary>Parses <paramref name="input"/> as a key issued under <paramref name="expectedPrefix"/>, in either environment.</summary>
    public static ApiKeyParseStatus ParseAnyEnvironment(ReadOnlySpan<char> input, ReadOnlySpan<char> expectedPrefix, out ParsedApiKey key)
    {
        key = default;
        switch (ApiKeyFormat.Check(input, out var prefixLength))
        {
            case ApiKeyFormatError.None:
                break;
            case ApiKeyFormatError.Empty:
                return ApiKeyParseStatus.Empty;
            case ApiKeyFormatError.TooLong:
                return ApiKeyParseStatus.TooLong;
            case ApiKeyFormatError.ChecksumMismatch:
                return ApiKeyParseStatus.ChecksumMismatch;
            default:
                return ApiKeyParseStatus.Malformed;
        }

        var prefix = input[..prefixLength];
        if (!prefix.SequenceEqual(expectedPrefix))
        {
            return ApiKeyParseStatus.WrongPrefix;
        }

        var rest = input[(prefixLength + 1)..];
        var environment = rest.StartsWith(ApiKeyFormat.LiveEnvironment) ? ApiKeyEnvironment.Live : ApiKeyEnvironment.Test;
        var body = rest[(ApiKeyFormat.EnvironmentLength + 1)..];
        key = new ParsedApiKey(
            prefix,
            environment,
            body[..ApiKeyFormat.KeyIdLength],
            body.Slice(ApiKeyFormat.KeyIdLength, ApiKeyFormat.SecretLength));
        return ApiKeyParseStatus.Valid;
    }

    /// <summary>True when <paramref name="prefix"/> is a valid key prefix: 2–12 lower-case letters or digits, starting with a letter.</summary>
    public static bool IsValidPrefix(string? prefix) => ApiKeyFormat.IsValidPrefix(prefix);

    internal static string EnvironmentText(ApiKeyEnvironment environment)
        => environment == ApiKeyEnvironment.Live ? ApiKeyFormat.LiveEnvironment : ApiKeyFormat.TestEnvironment;
}
