namespace Rampart.AspNetCore.Keys;

/// <summary>
/// The parts of a well-formed key, as views over the presented text. It is a <c>ref struct</c> so the
/// secret is never copied to the heap and cannot outlive the request that carried it.
/// </summary>
public readonly ref struct ParsedApiKey
{
    internal ParsedApiKey(ReadOnlySpan<char> prefix, ApiKeyEnvironment environment, ReadOnlySpan<char> keyId, ReadOnlySpan<char> secret)
    {
        Prefix = prefix;
        Environment = environment;
        KeyId = keyId;
        Secret = secret;
    }

    /// <summary>The application's prefix, e.g. <c>rmp</c>.</summary>
    public ReadOnlySpan<char> Prefix { get; }

    /// <summary>The environment named in the key.</summary>
    public ApiKeyEnvironment Environment { get; }

    /// <summary>The public key id: used for lookup, logs and display.</summary>
    public ReadOnlySpan<char> KeyId { get; }

    /// <summary>The secret part. Never log, store or display it.</summary>
    public ReadOnlySpan<char> Secret { get; }
}
