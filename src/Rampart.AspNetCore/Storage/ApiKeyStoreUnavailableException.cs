namespace Rampart.AspNetCore.Storage;

/// <summary>
/// Thrown by a store that cannot be reached or failed. Authentication answers 503 with
/// <c>Retry-After</c>; no request is ever let through unauthenticated.
/// </summary>
public sealed class ApiKeyStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApiKeyStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
