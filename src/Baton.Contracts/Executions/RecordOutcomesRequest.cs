namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/outcomes</c>: up to 100 outcomes recorded in one transaction.</summary>
public sealed record RecordOutcomesRequest
{
    /// <summary>The outcomes.</summary>
    public IReadOnlyList<BatchOutcomeItem>? Outcomes { get; init; }
}
