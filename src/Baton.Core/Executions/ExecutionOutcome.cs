namespace Baton.Core.Executions;

/// <summary>The last outcome a worker reported. <see cref="MetadataJson"/> is a JSON object or null.</summary>
public sealed record ExecutionOutcome(
    bool Success,
    string? Result,
    string? Error,
    string? MetadataJson,
    DateTimeOffset RecordedAt);
