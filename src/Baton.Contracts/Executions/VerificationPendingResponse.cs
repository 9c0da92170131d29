namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/verification-pending</c>.</summary>
public sealed record VerificationPendingResponse
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>Always <c>verification_pending</c>.</summary>
    public required string OutcomeState { get; init; }
}
