using System.Text.Json.Serialization;

namespace Baton.Contracts.Errors;

/// <summary>What went wrong: a stable snake_case <see cref="Code"/>, a human sentence and the HTTP status.</summary>
public sealed record ErrorBody
{
    /// <summary>Stable machine-readable code, e.g. <c>execution_not_found</c>.</summary>
    public required string Code { get; init; }

    /// <summary>A sentence for people.</summary>
    public required string Message { get; init; }

    /// <summary>The HTTP status code of the response, repeated in the body.</summary>
    public required int Status { get; init; }

    /// <summary>For <c>validation_error</c>: one entry per offending field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldError>? Details { get; init; }
}
