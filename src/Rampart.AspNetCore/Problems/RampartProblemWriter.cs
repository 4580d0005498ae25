using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Problems;

/// <summary>
/// Writes every problem body Rampart answers with: through the app's <see cref="IProblemDetailsService"/>
/// when there is one (so the app's customisation applies), else, or when it declines, as
/// <c>application/problem+json</c> directly. Callers set status and headers; bodies hold fixed texts.
/// </summary>
internal sealed class RampartProblemWriter
{
    public const string ProblemContentType = "application/problem+json";

    private static readonly JsonSerializerOptions DirectJson = new(JsonSerializerDefaults.Web);

    private readonly bool _useService;

    public RampartProblemWriter(IOptions<RampartOptions> options)
        : this(options.Value.Problems.UseProblemDetailsService)
    {
    }

    private RampartProblemWriter(bool useService)
    {
        _useService = useService;
    }

    /// <summary>The app's writer, or one that writes directly where no services are at hand.</summary>
    public static RampartProblemWriter For(HttpContext context)
        => context.RequestServices?.GetService<RampartProblemWriter>() ?? Direct;

    private static RampartProblemWriter Direct { get; } = new(useService: false);

    /// <summary>A problem with Rampart's fields: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and a stable <c>code</c>.</summary>
    public static ProblemDetails Create(string type, string title, int status, string detail, string code)
        => new()
        {
            Type = type,
            Title = title,
            Status = status,
            Detail = detail,
            Extensions = { ["code"] = code },
        };

    public async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        problem.Status ??= response.StatusCode;
        if (!problem.Extensions.ContainsKey("traceId"))
        {
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
        }

        if (_useService && context.RequestServices?.GetService<IProblemDetailsService>() is { } service
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false))
        {
            return;
        }

        // An API answers its errors in JSON whatever the client accepts.
        response.ContentType = ProblemContentType;
        await JsonSerializer.SerializeAsync(response.Body, problem, DirectJson, context.RequestAborted).ConfigureAwait(false);
    }
}
