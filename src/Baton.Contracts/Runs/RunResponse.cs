using Baton.Contracts.Executions;

namespace Baton.Contracts.Runs;

/// <summary>A run: every execution sharing one <c>run_id</c>, counted by status.</summary>
public sealed record RunResponse
{
    /// <summary>The run's id, as the executions carry it.</summary>
    public required string RunId { get; init; }

    /// <summary>How many executions the run holds (0 for a run nothing was enqueued into yet).</summary>
    public required long Total { get; init; }

    /// <summary>The run's executions by status.</summary>
    public required ExecutionCountsResponse Counts { get; init; }

    /// <summary>True once the run has executions and every one of them is terminal.</summary>
    public required bool Done { get; init; }

    /// <summary>When its first execution was created.</summary>
    public DateTimeOffset? FirstCreatedAt { get; init; }

    /// <summary>When its most recent execution finished.</summary>
    public DateTimeOffset? LastFinishedAt { get; init; }

    /// <summary>(ext) When anything in the run last changed.</summary>
    public DateTimeOffset? LastActivityAt { get; init; }
}
