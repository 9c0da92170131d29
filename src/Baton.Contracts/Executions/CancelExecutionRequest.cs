namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/cancel</c>.</summary>
public sealed record CancelExecutionRequest
{
    /// <summary>Why, ≤500 characters.</summary>
    public string? Reason { get; init; }

    /// <summary>Cancel a claimed execution without being its claimer.</summary>
    public bool? Force { get; init; }
}
