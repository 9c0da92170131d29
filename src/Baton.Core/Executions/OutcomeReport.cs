namespace Baton.Core.Executions;

/// <summary>
/// One outcome as a worker reports it. <see cref="WorkerId"/> and <see cref="ClaimToken"/> are the identity it
/// sent, if any; when present they must match the current claim.
/// </summary>
public sealed record OutcomeReport
{
    public required Guid ExecutionId { get; init; }
    public string? WorkerId { get; init; }
    public string? ClaimToken { get; init; }
    public required bool Success { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public string? MetadataJson { get; init; }
    public Evidence? Evidence { get; init; }
    public bool Retryable { get; init; } = true;

    /// <summary>The receiver's status code when the webhook dispatcher reports a delivery; kept as <c>http_status</c>.</summary>
    public int? HttpStatus { get; init; }
}
