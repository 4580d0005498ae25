using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// How a refused management request is reported: one stable code per failure, with the HTTP status the
/// admin endpoints answer and the exit code the command line returns.
/// </summary>
internal sealed record ApiKeyManagementProblem(string Code, int Status, int ExitCode, string Title)
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitInvalidInput = 2;
    public const int ExitNotFound = 3;
    public const int ExitInvalidState = 4;
    public const int ExitStoreUnavailable = 5;
    public const int ExitForbidden = 6;

    public static readonly ApiKeyManagementProblem NotFound = new("key_not_found", 404, ExitNotFound, "Key not found");
    public static readonly ApiKeyManagementProblem InvalidArgument = new("invalid_argument", 400, ExitInvalidInput, "Invalid argument");
    public static readonly ApiKeyManagementProblem ExpiryInPast = new("expiry_in_past", 400, ExitInvalidInput, "Expiry in the past");
    public static readonly ApiKeyManagementProblem GracePeriodOutOfRange = new("grace_period_out_of_range", 400, ExitInvalidInput, "Grace period out of range");
    public static readonly ApiKeyManagementProblem InvalidState = new("invalid_state", 409, ExitInvalidState, "Key cannot be changed that way");
    public static readonly ApiKeyManagementProblem Conflict = new("conflict", 409, ExitInvalidState, "Concurrent change");
    public static readonly ApiKeyManagementProblem InvalidBody = new("invalid_body", 400, ExitInvalidInput, "Invalid request body");
    public static readonly ApiKeyManagementProblem OperatorRequired = new("operator_required", 403, ExitForbidden, "Operator authority required");
    public static readonly ApiKeyManagementProblem ScopeNotHeld = new("scope_not_held", 403, ExitForbidden, "Scope not held by the acting key");
    public static readonly ApiKeyManagementProblem LifetimeExceedsOwn = new("lifetime_exceeds_own", 403, ExitForbidden, "Lifetime beyond the acting key's");
    public static readonly ApiKeyManagementProblem KeyRequired = new("key_required", 403, ExitForbidden, "An API key is required");
    public static readonly ApiKeyManagementProblem StoreUnavailable = new("key_store_unavailable", 503, ExitStoreUnavailable, "Key store unavailable");

    public string ProblemType => "urn:rampart:problem:" + Code.Replace('_', '-');

    public static ApiKeyManagementProblem For(ApiKeyManagementError error) => error switch
    {
        ApiKeyManagementError.NotFound => NotFound,
        ApiKeyManagementError.ExpiryInPast => ExpiryInPast,
        ApiKeyManagementError.GracePeriodOutOfRange => GracePeriodOutOfRange,
        ApiKeyManagementError.InvalidState => InvalidState,
        ApiKeyManagementError.Conflict => Conflict,
        ApiKeyManagementError.OperatorRequired => OperatorRequired,
        ApiKeyManagementError.ScopeNotHeld => ScopeNotHeld,
        ApiKeyManagementError.LifetimeExceedsOwn => LifetimeExceedsOwn,
        ApiKeyManagementError.KeyRequired => KeyRequired,
        _ => InvalidArgument,
    };

    /// <summary>The problem and a safe detail for an exception a management operation threw, or null when it is not one of ours.</summary>
    public static (ApiKeyManagementProblem Problem, string Detail)? From(Exception exception) => exception switch
    {
        ApiKeyManagementException management => (For(management.Error), management.Message),
        ApiKeyStoreUnavailableException => (StoreUnavailable, "The key store cannot be reached right now; nothing was changed. Try again later."),
        ApiKeyStoreConflictException => (Conflict, "A key with the same id was created at the same time; try again."),
        _ => null,
    };
}
