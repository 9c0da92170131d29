namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/batch</c>: up to 1000 executions, stored all or nothing.</summary>
public sealed record EnqueueBatchRequest
{
    /// <summary>The executions to enqueue.</summary>
    public IReadOnlyList<EnqueueExecutionRequest>? Executions { get; init; }
}
