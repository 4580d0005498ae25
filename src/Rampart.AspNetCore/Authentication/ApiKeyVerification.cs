using System.Diagnostics.CodeAnalysis;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// The outcome of checking a presented key. On failure, <see cref="Record"/> is set only when the
/// secret verified (expired, revoked, rotated), so it may be logged by id and name.
/// </summary>
internal readonly record struct ApiKeyVerification(ApiKeyRecord? Record, ApiKeyFailureReason? Failure)
{
    [MemberNotNullWhen(true, nameof(Record))]
    public bool Succeeded => Failure is null && Record is not null;

    public static ApiKeyVerification Success(ApiKeyRecord record) => new(record, null);

    public static ApiKeyVerification Fail(ApiKeyFailureReason reason, ApiKeyRecord? record = null) => new(record, reason);
}
