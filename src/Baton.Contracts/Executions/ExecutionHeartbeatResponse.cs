namespace Baton.Contracts.Executions;

/// <summary>An acknowledged heartbeat.</summary>
public sealed record ExecutionHeartbeatResponse
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>When the lease now runs out.</summary>
    public required DateTimeOffset LeaseExtendedUntil { get; init; }

    /// <summary>Always true.</summary>
    public required bool Acknowledged { get; init; }
}
