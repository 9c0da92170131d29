namespace Baton.Contracts.Executions;

/// <summary>Execution counts by status.</summary>
public sealed record ExecutionCountsResponse
{
    /// <summary>Waiting to be claimed (possibly not yet due).</summary>
    public required long Pending { get; init; }

    /// <summary>Claimed and leased.</summary>
    public required long Delivering { get; init; }

    /// <summary>Failed with attempts left, waiting for its next retry.</summary>
    public required long Retrying { get; init; }

    /// <summary>Finished successfully.</summary>
    public required long Success { get; init; }

    /// <summary>Finished unsuccessfully.</summary>
    public required long Failed { get; init; }

    /// <summary>Not claimed within its window.</summary>
    public required long Missed { get; init; }

    /// <summary>Cancelled.</summary>
    public required long Cancelled { get; init; }
}
