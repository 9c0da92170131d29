namespace Baton.Contracts.Executions;

/// <summary>One execution of a batch claim with the claim token that names its lease.</summary>
public sealed record ClaimedExecutionResponse
{
    /// <summary>The execution's id.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>Names this claim; send it back as <c>X-Claim-Token</c>.</summary>
    public required string ClaimToken { get; init; }

    /// <summary>When the lease runs out unless extended.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>The claimed execution.</summary>
    public required ExecutionResponse Execution { get; init; }
}
