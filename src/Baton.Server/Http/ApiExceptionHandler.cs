using System.Globalization;
using Baton.Contracts.Errors;
using Baton.Core;
using Baton.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Baton.Server.Http;

/// <summary>
/// Maps every exception that escapes an endpoint to the error envelope: domain errors by their kind, edge errors
/// by their status, an outage of the store (as its driver tells, <see cref="IStoreFaults"/>) to 503
/// <c>store_unavailable</c> with <c>Retry-After</c>, anything else to a 500 <c>internal_error</c> that reveals nothing
/// (the middleware logs it).
/// </summary>
internal sealed class ApiExceptionHandler(IBatonStore store, StoreOutageWatch outages, ILogger<ApiExceptionHandler> log)
    : IExceptionHandler
{
    /// <summary>
    /// How long a client should wait before retrying through an outage. Short: a restarting PostgreSQL is back in
    /// seconds, and the server reconnects on the next request (measured: serving again within 5 s of it returning).
    /// </summary>
    public static readonly TimeSpan StoreRetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The caller has gone (a worker stopped mid-request, a client timed out): a cancelled wait or a domain answer
        // is an expected end, not a server fault, and an answer could only fail to reach it. Nothing is logged or
        // written. Anything else is still a fault (a 500, which the middleware logs).
        if (httpContext.RequestAborted.IsCancellationRequested &&
            exception is OperationCanceledException or BatonException or IOException)
        {
            return true;
        }

        try
        {
            await AnswerAsync(httpContext, exception);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller left while the answer was being written: nothing to answer, nothing failed here.
        }

        return true;
    }

    private async Task AnswerAsync(HttpContext httpContext, Exception exception)
    {
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
            case var _ when store is IStoreFaults faults && faults.IsOutage(exception):
                outages.Saw();
                log.LogWarning("Store unavailable for {Method} {Path}: {Error}", httpContext.Request.Method,
                    httpContext.Request.Path, exception.Message);
                httpContext.Response.Headers[HeaderNames.RetryAfter] =
                    StoreRetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(
                    httpContext, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
                    "The server's database is unavailable; retry shortly.");
                break;
            default:
                // Logged with its stack trace by the exception handler middleware (BatonServerHost).
                await ErrorResponses.WriteAsync(
                    httpContext, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    "The server failed to handle the request.");
                break;
        }
    }
}
