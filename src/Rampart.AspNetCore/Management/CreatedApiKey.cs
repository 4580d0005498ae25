using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>A newly issued key: the plaintext, shown once, and its stored record.</summary>
public sealed class CreatedApiKey
{
    internal CreatedApiKey(string key, ApiKeyRecord record)
    {
        Key = key;
        Record = record;
    }

    /// <summary>The full key. Give it to its holder once; it cannot be recovered later.</summary>
    public string Key { get; }

    /// <summary>What was stored.</summary>
    public ApiKeyRecord Record { get; }

    /// <summary>Names the key without its secret.</summary>
    public override string ToString() => $"CreatedApiKey {{ Id = {Record.Id}, Name = {Record.Name} }}";
}
