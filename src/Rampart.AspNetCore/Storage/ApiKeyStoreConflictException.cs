namespace Rampart.AspNetCore.Storage;

/// <summary>Thrown when a record with the same id already exists.</summary>
public sealed class ApiKeyStoreConflictException : Exception
{
    /// <summary>Creates the exception for <paramref name="keyId"/> (a public id, never a secret).</summary>
    public ApiKeyStoreConflictException(string keyId)
        : base($"A key with id '{keyId}' already exists.")
    {
        KeyId = keyId;
    }

    /// <summary>The conflicting key id.</summary>
    public string KeyId { get; }
}
