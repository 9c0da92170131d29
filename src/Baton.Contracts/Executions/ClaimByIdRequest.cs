namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/claim</c>: claim one named execution.</summary>
public sealed record ClaimByIdRequest
{
    /// <summary>The claiming worker, 1–255 characters. Required.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Lease length, 1–86400 seconds; 900 when absent.</summary>
    public int? LeaseSeconds { get; init; }
}
