using System.Globalization;
using Baton.Contracts;
using Baton.Contracts.Errors;
using Microsoft.Net.Http.Headers;

namespace Baton.Server.Http;

/// <summary>
/// Per-API-key rate limiting ahead of routing and authentication, so a flood of requests costs no database work.
/// Requests without a key (health, registration) are not limited here, nor is the worker protocol
/// (<see cref="WorkerProtocolRequests"/>): the limit is for the management API.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, ApiKeyRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var apiKey = BearerToken.From(http.Request);
        if (apiKey is null || WorkerProtocolRequests.Matches(http.Request))
        {
            await next(http);
            return;
        }

        var decision = limiter.TryAcquire(apiKey);
        // OnStarting: the exception handler clears headers before writing an error, and these belong on it too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers[WireHeaders.RateLimitLimit] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            headers[WireHeaders.RateLimitRemaining] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            headers[WireHeaders.RateLimitReset] = decision.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            if (!decision.Allowed)
            {
                var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
                headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        });

        if (!decision.Allowed)
        {
            await ErrorResponses.WriteAsync(
                http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded,
                $"More than {decision.Limit} requests this minute for this API key; retry after the window resets.");
            return;
        }

        await next(http);
    }
}
