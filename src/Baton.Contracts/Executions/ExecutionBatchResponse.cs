namespace Baton.Contracts.Executions;

/// <summary>The executions a batch enqueue stored (or found by idempotency key), in request order.</summary>
public sealed record ExecutionBatchResponse
{
    /// <summary>One execution per requested item.</summary>
    public required IReadOnlyList<ExecutionResponse> Executions { get; init; }
}
