using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Pilot.Core.Leasing;
using Pilot.Core.Specs;
using Pilot.Server.Logs;
using Pilot.Server.Storage;

namespace Pilot.Server.Errors;

/// <summary>The one place domain exceptions become RFC 7807 problems with a message a person can act on.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            JobSpecException e => Problem(StatusCodes.Status400BadRequest, "Invalid job spec", e.Message, ("errors", e.Errors)),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request", Describe(e)),
            NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            ConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
            StaleLeaseException e => Problem(StatusCodes.Status409Conflict, "Stale lease", e.Message),
            LogGapException e => Problem(StatusCodes.Status409Conflict, "Log gap", e.Message),
            _ => null,
        };
        if (problem is null)
        {
            Log.RequestFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal error", "the server failed to handle this request; its log has the details");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, (string Key, object Value)? extension = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extension is { } pair)
        {
            problem.Extensions[pair.Key] = pair.Value;
        }

        return problem;
    }

    /// <summary>Model binding wraps the JSON reader's precise message (field and position); surface it.</summary>
    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')}: {inner.Message}" : e.Message;
}
