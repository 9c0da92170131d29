using System.Text.Json.Serialization;

namespace Baton.Contracts.Executions;

/// <summary>A successful claim. The top-level fields describe the first claimed execution.</summary>
public sealed record ClaimResponse
{
    /// <summary>Always true (a failed claim is a 409 <c>claim_failed</c>).</summary>
    public required bool Claimed { get; init; }

    /// <summary>The first claimed execution's id.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The lease length granted.</summary>
    public required int LeaseSeconds { get; init; }

    /// <summary>(ext) Names this claim; send it back as <c>X-Claim-Token</c>.</summary>
    public required string ClaimToken { get; init; }

    /// <summary>(ext) When the lease runs out unless extended.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>(ext) The first claimed execution.</summary>
    public required ExecutionResponse Execution { get; init; }

    /// <summary>(ext) Every claimed execution with its own claim token, when the request's <c>limit</c> was above 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ClaimedExecutionResponse>? Executions { get; init; }
}
