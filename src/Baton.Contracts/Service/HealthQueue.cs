namespace Baton.Contracts.Service;

/// <summary>Queue depth across all tenants.</summary>
public sealed record HealthQueue
{
    /// <summary>Pending executions.</summary>
    public required long Pending { get; init; }

    /// <summary>Claimed executions.</summary>
    public required long Delivering { get; init; }

    /// <summary>Executions waiting for a retry.</summary>
    public required long Retrying { get; init; }

    /// <summary>Age of the oldest due pending execution, or null when there is none.</summary>
    public double? OldestPendingAgeSeconds { get; init; }
}
