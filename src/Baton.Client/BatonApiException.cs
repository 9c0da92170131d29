using System.Net;
using Baton.Contracts.Errors;

namespace Baton.Client;

/// <summary>
/// The server answered with an error envelope (or, behind a proxy, with a non-JSON error). <see cref="Code"/> is
/// the stable machine-readable code (one of <see cref="Baton.Contracts.Errors.ErrorCodes"/>), e.g. <c>claim_lost</c>.
/// </summary>
public sealed class BatonApiException : Exception
{
    /// <summary>Creates an exception with no server answer attached.</summary>
    public BatonApiException()
        : this("The Baton server returned an error.")
    {
    }

    /// <summary>Creates an exception with no server answer attached.</summary>
    public BatonApiException(string message)
        : this(message, null!)
    {
    }

    /// <summary>Creates an exception with no server answer attached.</summary>
    public BatonApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Unknown;
        Details = [];
    }

    /// <summary>Creates an exception for one error response.</summary>
    public BatonApiException(
        HttpStatusCode status, string code, string message, IReadOnlyList<FieldError>? details, string? requestId,
        TimeSpan? retryAfter)
        : base(message)
    {
        Status = status;
        Code = code;
        Details = details ?? [];
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The error code, e.g. <c>execution_not_found</c>; <c>http_502</c> when the body was not an envelope.</summary>
    public string Code { get; }

    /// <summary>For <c>validation_error</c>: the offending fields.</summary>
    public IReadOnlyList<FieldError> Details { get; }

    /// <summary>The response's <c>X-Request-Id</c>, to find the request in the server's log.</summary>
    public string? RequestId { get; }

    /// <summary>From <c>Retry-After</c>, on 429.</summary>
    public TimeSpan? RetryAfter { get; }
}
