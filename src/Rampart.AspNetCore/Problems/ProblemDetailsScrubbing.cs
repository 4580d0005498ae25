using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Logging.Scrubbing;

namespace Rampart.AspNetCore.Problems;

/// <summary>
/// Runs after the app's own <c>CustomizeProblemDetails</c> on every problem the app's
/// <see cref="IProblemDetailsService"/> writes (Rampart's, the app's, the developer exception
/// page's): keys and secrets in any text are masked, request headers are dropped, and exception
/// details are shown only in Development, scrubbed.
/// </summary>
internal static class ProblemDetailsScrubbing
{
    public static void Apply(ProblemDetailsContext context, LogScrubber scrubber, bool development)
    {
        var problem = context.ProblemDetails;
        problem.Type = Scrub(problem.Type, scrubber);
        problem.Title = Scrub(problem.Title, scrubber);
        problem.Detail = Scrub(problem.Detail, scrubber);
        problem.Instance = Scrub(problem.Instance, scrubber);
        foreach (var name in problem.Extensions.Keys.ToArray())
        {
            if (string.Equals(name, "headers", StringComparison.OrdinalIgnoreCase))
            {
                problem.Extensions.Remove(name);
            }
            else if (string.Equals(name, ExceptionDetails.ExtensionName, StringComparison.OrdinalIgnoreCase) && context.Exception is { } exception)
            {
                // The developer exception page puts the request headers in here; show only the exception.
                if (development)
                {
                    problem.Extensions[name] = ExceptionDetails.For(exception, scrubber);
                }
                else
                {
                    problem.Extensions.Remove(name);
                }
            }
            else if (problem.Extensions[name] is string text)
            {
                problem.Extensions[name] = scrubber.MaskKeysAndSecrets(text);
            }
            else
            {
                problem.Extensions[name] = scrubber.ScrubValue(problem.Extensions[name]);
            }
        }
    }

    // Problem texts may name headers ("Authorization: Bearer <key>" is advice), so only keys and secrets are masked.
    private static string? Scrub(string? text, LogScrubber scrubber) => text is null ? null : scrubber.MaskKeysAndSecrets(text);
}
