using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Logging.Scrubbing;

namespace Rampart.AspNetCore.Problems;

/// <summary>
/// Answers the framework's own errors with problem bodies: an unhandled exception (a binding
/// failure is a <see cref="BadHttpRequestException"/> in Development) becomes its status and a
/// problem, and an error status left without a body (404, 405, 415, a binding failure outside
/// Development) gets one. The app's <see cref="IExceptionHandler"/> services are asked first, and an
/// app's own status-code pages keep the bodies they write.
/// </summary>
internal sealed class FrameworkErrorMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RampartProblemWriter _writer;
    private readonly LogScrubber _scrubber;
    private readonly ILogger _logger;
    private readonly bool _development;

    public FrameworkErrorMiddleware(RequestDelegate next, RampartProblemWriter writer, LogScrubber scrubber, ILoggerFactory loggerFactory, IServiceProvider services)
    {
        _next = next;
        _writer = writer;
        _scrubber = scrubber;
        _logger = loggerFactory.CreateLogger(ProblemLog.Category);
        _development = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
    }

    public Task InvokeAsync(HttpContext context)
    {
        Task task;
        try
        {
            task = _next(context);
        }
#pragma warning disable CA1031 // Every exception is answered (or rethrown) by HandleAsync.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            task = Task.FromException(exception);
        }

        if (task.IsCompletedSuccessfully)
        {
            return NeedsBody(context) ? WriteStatusAsync(context) : Task.CompletedTask;
        }

        return HandleAsync(context, task);
    }

    private async Task HandleAsync(HttpContext context, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (CanAnswer(context, exception))
        {
            await AnswerAsync(context, exception).ConfigureAwait(false);
            return;
        }

        if (NeedsBody(context))
        {
            await WriteStatusAsync(context).ConfigureAwait(false);
        }
    }

    // Once the response has started its status is gone; a request the client abandoned needs no answer.
    private static bool CanAnswer(HttpContext context, Exception exception)
        => !context.Response.HasStarted && !(exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested);

    private static bool NeedsBody(HttpContext context)
    {
        var response = context.Response;

        // 401 and 403 belong to the authentication schemes, whose challenges compose.
        return response.StatusCode is >= 400 and < 600 and not StatusCodes.Status401Unauthorized and not StatusCodes.Status403Forbidden
            && !response.HasStarted
            && response.ContentLength is null
            && string.IsNullOrEmpty(response.ContentType)
            && !HttpMethods.IsHead(context.Request.Method)
            && context.Features.Get<IStatusCodePagesFeature>() is null;
    }

    private Task WriteStatusAsync(HttpContext context) => _writer.WriteAsync(context, FrameworkProblems.For(context.Response.StatusCode));

    private async Task AnswerAsync(HttpContext context, Exception exception)
    {
        var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            ProblemLog.Unhandled(_logger, status, exception);
        }
        else
        {
            ProblemLog.BadRequest(_logger, status, exception);
        }

        // Headers set by a failed endpoint are not to be trusted; the transport layer's are re-applied when the response starts.
        var response = context.Response;
        response.Clear();
        response.StatusCode = status;
        if (await AppHandledAsync(context, exception).ConfigureAwait(false))
        {
            return;
        }

        var problem = FrameworkProblems.For(status);
        if (_development)
        {
            if (exception is BadHttpRequestException)
            {
                problem.Detail = _scrubber.Scrub(exception.Message);
            }

            problem.Extensions[ExceptionDetails.ExtensionName] = ExceptionDetails.For(exception, _scrubber);
        }

        // Outside Development the exception is not handed on: customisations that strip exception
        // details would take the fixed detail with it, and nothing about the exception is shown anyway.
        await _writer.WriteAsync(context, problem, _development ? exception : null).ConfigureAwait(false);
    }

    private static async Task<bool> AppHandledAsync(HttpContext context, Exception exception)
    {
        var handlers = context.RequestServices?.GetServices<IExceptionHandler>().ToArray() ?? [];
        if (handlers.Length == 0)
        {
            return false;
        }

        var feature = new ExceptionHandlerFeature
        {
            Error = exception,
            Path = context.Request.Path.Value ?? string.Empty,
            Endpoint = context.GetEndpoint(),
            RouteValues = context.Request.RouteValues,
        };
        context.Features.Set<IExceptionHandlerFeature>(feature);
        context.Features.Set<IExceptionHandlerPathFeature>(feature);
        foreach (var handler in handlers)
        {
            if (await handler.TryHandleAsync(context, exception, context.RequestAborted).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
