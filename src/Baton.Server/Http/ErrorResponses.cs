using Baton.Contracts.Errors;
using Baton.Contracts.Serialization;
using Baton.Core;

namespace Baton.Server.Http;

/// <summary>Writes the error envelope (<c>{error: {code, message, status}}</c>); the one place an error becomes a response.</summary>
internal static class ErrorResponses
{
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Validation => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ErrorEnvelope Envelope(int status, string code, string message, IReadOnlyList<FieldError>? details = null) =>
        new() { Error = new ErrorBody { Code = code, Message = message, Status = status, Details = details } };

    public static ErrorEnvelope Envelope(BatonException error) =>
        Envelope(StatusFor(error.Kind), error.Code, error.Message);

    public static async Task WriteAsync(
        HttpContext http, int status, string code, string message, IReadOnlyList<FieldError>? details = null)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(
            Envelope(status, code, message, details), BatonJson.Default.ErrorEnvelope, cancellationToken: http.RequestAborted);
    }

    /// <summary>A code for statuses that ASP.NET Core produced itself (no route, wrong method, bad framing).</summary>
    public static (string Code, string Message) ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => (ErrorCodes.BadRequest, "The request could not be read."),
        StatusCodes.Status404NotFound => (ErrorCodes.NotFound, "No such endpoint."),
        StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, "This endpoint does not accept that method."),
        StatusCodes.Status413PayloadTooLarge => (ErrorCodes.RequestTooLarge, "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.UnsupportedMediaType, "Send JSON."),
        _ when status >= 500 => (ErrorCodes.InternalError, "The server failed to handle the request."),
        _ => ("http_" + status, "The request failed."),
    };
}
