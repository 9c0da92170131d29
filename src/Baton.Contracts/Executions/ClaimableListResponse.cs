namespace Baton.Contracts.Executions;

/// <summary><c>GET /v1/executions/claimable</c>: what a claim with the same filters would take, in claim order.</summary>
public sealed record ClaimableListResponse
{
    /// <summary>Claimable executions, first to be claimed first.</summary>
    public required IReadOnlyList<ClaimableExecutionResponse> Executions { get; init; }
}
