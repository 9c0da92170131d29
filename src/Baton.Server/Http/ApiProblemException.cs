using Baton.Contracts.Errors;

namespace Baton.Server.Http;

/// <summary>
/// An error found at the HTTP edge, before any domain code ran (bad JSON, validation, size limits). Domain errors
/// are <see cref="Baton.Core.BatonException"/>; <see cref="ApiExceptionHandler"/> maps both.
/// </summary>
internal sealed class ApiProblemException(int status, string code, string message, IReadOnlyList<FieldError>? details = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyList<FieldError>? Details { get; } = details;

    public static ApiProblemException Validation(IReadOnlyList<FieldError> details) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationError, "The request is not valid.", details);

    public static ApiProblemException Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static ApiProblemException InvalidJson(string detail) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "The request body is not valid JSON: " + detail);

    public static ApiProblemException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
            $"The request body is larger than {maxBytes} bytes.");

    public static ApiProblemException MetadataTooLarge(string field, int maxBytes) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.MetadataTooLarge,
            $"'{field}' is larger than {maxBytes} bytes.");
}
