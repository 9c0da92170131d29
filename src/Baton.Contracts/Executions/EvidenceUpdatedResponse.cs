namespace Baton.Contracts.Executions;

/// <summary>The answer to <c>PATCH /v1/executions/{id}/evidence</c>.</summary>
public sealed record EvidenceUpdatedResponse
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The outcome state after the evidence (late evidence can turn <c>verification_failed</c> into <c>verified_success</c>).</summary>
    public string? OutcomeState { get; init; }

    /// <summary>Always true.</summary>
    public required bool EvidenceUpdated { get; init; }
}
