using Baton.Core.Executions;

namespace Baton.Core.Dashboard;

/// <summary>
/// The overview's raw numbers. <see cref="ActiveByQueue"/> and <see cref="ActiveByTask"/> count unfinished work
/// (pending, delivering, retrying), which the partial claim indexes serve; <see cref="Minutes"/> has one entry per
/// minute of the window that saw an execution finish; <see cref="ClaimWaits"/> are the enqueue → first
/// claim waits of the executions that finished in the window (the newest <see cref="MaxWaitSamples"/>).
/// </summary>
public sealed record OverviewStats(
    ExecutionCounts Counts,
    IReadOnlyList<NamedCount> ActiveByQueue,
    IReadOnlyList<NamedCount> ActiveByTask,
    DateTimeOffset? OldestPendingSince,
    IReadOnlyList<MinuteCounts> Minutes,
    IReadOnlyList<ClaimWait> ClaimWaits)
{
    public const int MaxWaitSamples = 10_000;
}
