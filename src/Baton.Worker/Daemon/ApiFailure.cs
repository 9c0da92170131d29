using System.Net;
using Baton.Client;

namespace Baton.Worker.Daemon;

/// <summary>How the daemon treats an exception from a server call.</summary>
internal enum ApiFailureKind
{
    /// <summary>Worth retrying later: unreachable, timed out, 5xx, 429.</summary>
    Transient,

    /// <summary>401: the key was rotated or revoked; the daemon stops.</summary>
    Unauthorized,

    /// <summary>A definite answer about this request (409, 404, 403, 422, …).</summary>
    Refused,
}

internal static class ApiFailure
{
    public static ApiFailureKind Classify(Exception e) => e switch
    {
        BatonApiException { Status: HttpStatusCode.Unauthorized } => ApiFailureKind.Unauthorized,
        BatonApiException { Status: HttpStatusCode.TooManyRequests } => ApiFailureKind.Transient,
        BatonApiException api when (int)api.Status >= 500 => ApiFailureKind.Transient,
        BatonApiException => ApiFailureKind.Refused,
        HttpRequestException or TimeoutException or IOException => ApiFailureKind.Transient,
        // HttpClient's own timeout surfaces as a TaskCanceledException the caller did not ask for.
        TaskCanceledException => ApiFailureKind.Transient,
        _ => ApiFailureKind.Refused,
    };

    public static string Describe(Exception e) => e switch
    {
        BatonApiException api => $"{api.Message} ({api.Code})",
        HttpRequestException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };
}
