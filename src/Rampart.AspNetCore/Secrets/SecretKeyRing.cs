using System.Security.Cryptography;
using System.Text.Json;

namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// The master keys by version, each expanded once into an AES-256-GCM key and a key for the
/// associated-data fingerprint (HKDF-SHA256, RFC 5869, distinct info strings), so no key serves two
/// algorithms.
/// </summary>
internal sealed class SecretKeyRing
{
    internal const string Section = $"{RampartOptions.SectionName}:Secrets";
    internal const int MasterKeyLength = 32;

    private static readonly byte[] EncryptionInfo = "rampart/secrets/v1/aes-256-gcm"u8.ToArray();
    private static readonly byte[] FingerprintInfo = "rampart/secrets/v1/aad-fingerprint"u8.ToArray();

    private readonly Dictionary<int, VersionKeys> _keys;

    private SecretKeyRing(Dictionary<int, VersionKeys> keys, int current)
    {
        _keys = keys;
        CurrentVersion = current;
    }

    public int CurrentVersion { get; }

    public IReadOnlyCollection<int> Versions => _keys.Keys;

    public bool TryGet(int version, out VersionKeys keys) => _keys.TryGetValue(version, out keys!);

    internal sealed record VersionKeys(byte[] EncryptionKey, byte[] FingerprintKey);

    /// <summary>True when the options configure any key (inline or by file).</summary>
    public static bool IsConfigured(SecretProtectionOptions options)
        => options.MasterKeys.Count > 0 || !string.IsNullOrWhiteSpace(options.KeyRingPath);

    /// <summary>Builds the ring, or lists what is wrong naming the configuration key. Never echoes a key.</summary>
    public static SecretKeyRing? TryLoad(SecretProtectionOptions options, List<string> failures)
    {
        var raw = new Dictionary<int, string>();
        foreach (var (version, value) in options.MasterKeys)
        {
            raw[version] = value;
        }

        if (!string.IsNullOrWhiteSpace(options.KeyRingPath))
        {
            ReadFile(options.KeyRingPath, raw, failures);
        }

        var keys = new Dictionary<int, VersionKeys>();
        foreach (var (version, value) in raw)
        {
            if (version <= 0)
            {
                failures.Add($"{Section}:MasterKeys:{version}: key versions are positive integers.");
                continue;
            }

            var buffer = new byte[value?.Length ?? 0];
            if (string.IsNullOrWhiteSpace(value) || !Convert.TryFromBase64String(value.Trim(), buffer, out var written))
            {
                failures.Add($"{Section}:MasterKeys:{version} is not valid base64.");
                continue;
            }

            if (written != MasterKeyLength)
            {
                failures.Add($"{Section}:MasterKeys:{version} is {written} bytes; a master key is exactly {MasterKeyLength} random bytes (`openssl rand -base64 32`).");
                CryptographicOperations.ZeroMemory(buffer);
                continue;
            }

            ReadOnlySpan<byte> master = buffer.AsSpan(0, written);
            var encryptionKey = new byte[32];
            var fingerprintKey = new byte[32];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, master, encryptionKey, salt: [], info: EncryptionInfo);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, master, fingerprintKey, salt: [], info: FingerprintInfo);
            keys[version] = new VersionKeys(encryptionKey, fingerprintKey);
            CryptographicOperations.ZeroMemory(buffer);
        }

        if (raw.Count == 0)
        {
            failures.Add($"{Section}: no master key is configured. Set {Section}:MasterKeys:1 outside committed files (the environment variable Rampart__Secrets__MasterKeys__1, user-secrets, a secret manager) or {Section}:KeyRingPath.");
        }

        var current = options.CurrentKeyVersion ?? (raw.Count == 0 ? 0 : raw.Keys.Max());
        if (options.CurrentKeyVersion is { } configured && !raw.ContainsKey(configured))
        {
            failures.Add($"{Section}:CurrentKeyVersion is {configured}, but no master key of that version is configured.");
        }

        return failures.Count == 0 ? new SecretKeyRing(keys, current) : null;
    }

    private static void ReadFile(string path, Dictionary<int, string> raw, List<string> failures)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failures.Add($"{Section}:KeyRingPath: the key ring file cannot be read ({exception.GetType().Name}).");
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                failures.Add($"{Section}:KeyRingPath: the key ring file must hold a JSON object of version to base64 key.");
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!int.TryParse(property.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || property.Value.ValueKind != JsonValueKind.String)
                {
                    failures.Add($"{Section}:KeyRingPath: every entry must be \"<version>\": \"<base64 key>\".");
                    continue;
                }

                if (!raw.TryAdd(version, property.Value.GetString()!))
                {
                    failures.Add($"{Section}:KeyRingPath: version {version} is also configured in {Section}:MasterKeys; keep each version in one place.");
                }
            }
        }
        catch (JsonException)
        {
            // The parser's message may quote the file; say only that it is not JSON.
            failures.Add($"{Section}:KeyRingPath: the key ring file is not valid JSON.");
        }
    }
}
