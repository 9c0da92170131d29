using Baton.Contracts.Errors;
using Baton.Core;
using Microsoft.AspNetCore.Diagnostics;

namespace Baton.Server.Http;

/// <summary>
/// Maps every exception that escapes an endpoint to the error envelope: domain errors by their kind, edge errors
/// by their status, anything else to a logged 500 <c>internal_error</c> that reveals nothing.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The caller has gone (a worker stopped mid-request, a client timed out): a cancelled wait or a domain answer
        // is an expected end, not a server fault, and an answer could only fail to reach it. Nothing is logged or
        // written. Anything else is still a fault and is logged below.
        if (httpContext.RequestAborted.IsCancellationRequested &&
            exception is OperationCanceledException or BatonException or IOException)
        {
            return true;
        }

        switch (exception)
        {
            case BatonException domain:
                await ErrorResponses.WriteAsync(httpContext, ErrorResponses.StatusFor(domain.Kind), domain.Code, domain.Message);
                break;
            case ApiProblemException problem:
                await ErrorResponses.WriteAsync(httpContext, problem.Status, problem.Code, problem.Message, problem.Details);
                break;
            case BadHttpRequestException framing:
                var (code, message) = ErrorResponses.ForStatus(framing.StatusCode);
                await ErrorResponses.WriteAsync(httpContext, framing.StatusCode, code, message);
                break;
            default:
                log.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                await ErrorResponses.WriteAsync(
                    httpContext, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    "The server failed to handle the request.");
                break;
        }

        return true;
    }
}
