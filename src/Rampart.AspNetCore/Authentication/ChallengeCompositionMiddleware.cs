using Microsoft.AspNetCore.Http;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Writes the one problem body of a composed challenge. Runs outside authentication and
/// authorization, so by the time it looks every scheme has challenged (or forbidden) and each has
/// set its status and appended its <c>WWW-Authenticate</c>: the response is one clean 401 or 403,
/// and nothing throws for a response already started.
/// </summary>
internal sealed class ChallengeCompositionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ApiKeyProblemWriter _problems;

    public ChallengeCompositionMiddleware(RequestDelegate next, ApiKeyProblemWriter problems)
    {
        _next = next;
        _problems = problems;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var pending = _next(context);
        return pending.IsCompletedSuccessfully ? CompleteAsync(context) : AwaitAndCompleteAsync(context, pending);
    }

    private async Task AwaitAndCompleteAsync(HttpContext context, Task pending)
    {
        await pending.ConfigureAwait(false);
        await CompleteAsync(context).ConfigureAwait(false);
    }

    private Task CompleteAsync(HttpContext context)
    {
        if (context.Features.Get<PendingChallenge>() is not { } challenge || context.Response.HasStarted)
        {
            // No Rampart challenge, or another scheme (or the endpoint) wrote its own response.
            return Task.CompletedTask;
        }

        var response = context.Response;
        if (response.StatusCode != challenge.Status)
        {
            // A key that was presented and refused is the most specific answer: a later scheme's
            // plain 401 does not hide it. Anything else another scheme chose (a redirect, a 403) stands.
            var presented = challenge.Failure is { } f && f != ApiKeyFailureReason.Missing;
            if (!presented || response.StatusCode != StatusCodes.Status401Unauthorized)
            {
                return Task.CompletedTask;
            }

            response.StatusCode = challenge.Status;
        }

        return challenge.Failure is { } failure
            ? _problems.WriteAuthenticationFailureBodyAsync(context, failure)
            : _problems.WriteForbiddenBodyAsync(context);
    }
}
