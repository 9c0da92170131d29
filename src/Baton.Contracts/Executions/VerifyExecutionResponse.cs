namespace Baton.Contracts.Executions;

/// <summary>The verdict recorded by <c>POST /v1/executions/{id}/verify</c>.</summary>
public sealed record VerifyExecutionResponse
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary><c>verified_success</c> or <c>verification_failed</c>.</summary>
    public required string OutcomeState { get; init; }

    /// <summary>The verdict as sent.</summary>
    public required bool Valid { get; init; }

    /// <summary>The reason as sent.</summary>
    public string? Reason { get; init; }
}
