namespace Baton.Contracts.Workers;

/// <summary><c>GET /v1/workers</c>.</summary>
public sealed record WorkerListResponse
{
    /// <summary>The tenant's workers.</summary>
    public required IReadOnlyList<WorkerResponse> Workers { get; init; }
}
