using Baton.Core.Executions;

namespace Baton.Core.Runs;

/// <summary>Where a run stands: its executions by status. <see cref="Done"/> once every one is finished.</summary>
public sealed record RunSummary(
    string RunId,
    ExecutionCounts Counts,
    DateTimeOffset? FirstCreatedAt,
    DateTimeOffset? LastFinishedAt,
    DateTimeOffset? LastActivityAt)
{
    public long Total => Counts.Total;

    public bool Done => Total > 0 && Counts.Pending + Counts.Delivering + Counts.Retrying == 0;
}
