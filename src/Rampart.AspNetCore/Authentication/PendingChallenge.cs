using Microsoft.AspNetCore.Http;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// A challenge or forbid Rampart answered with status and headers only: its problem body is
/// written by <see cref="ChallengeCompositionMiddleware"/> once every scheme challenged for the
/// request has added its own <c>WWW-Authenticate</c> (writing earlier would start the response,
/// and the next scheme's challenge would throw).
/// </summary>
internal sealed class PendingChallenge
{
    public PendingChallenge(int status, ApiKeyFailureReason? failure)
    {
        Status = status;
        Failure = failure;
    }

    public int Status { get; }

    /// <summary>The authentication failure challenged, or <see langword="null"/> for a forbid.</summary>
    public ApiKeyFailureReason? Failure { get; }

    public static void Set(HttpContext context, PendingChallenge challenge) => context.Features.Set(challenge);
}
