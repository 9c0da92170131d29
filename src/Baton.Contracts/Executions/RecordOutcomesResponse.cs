namespace Baton.Contracts.Executions;

/// <summary>Per-item results of a batch of outcomes, in request order.</summary>
public sealed record RecordOutcomesResponse
{
    /// <summary>One result per outcome sent.</summary>
    public required IReadOnlyList<BatchOutcomeResult> Results { get; init; }
}
