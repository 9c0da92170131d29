using Baton.Core.Executions;

namespace Baton.Core.Dashboard;

/// <summary>
/// The dashboard's read side: reads shaped for views, kept apart from the write seam. Every read is
/// scoped to one tenant, pages by keyset (never <c>OFFSET</c>) and stays cheap at 100,000+ executions: each one
/// is served by an index, and the aggregates are bounded (active work, the last hour). Both drivers pass the
/// conformance suite's dashboard tests.
/// </summary>
public interface IDashboardQueries
{
    /// <summary>Executions matching the filter, newest first, after the keyset cursor <c>BeforeSequence</c>.</summary>
    Task<ExecutionSlice> ListExecutionSliceAsync(ListExecutionSliceParams p, CancellationToken ct);

    /// <summary>Runs by latest activity, newest first, after the keyset cursor <c>After</c>; with the run count.</summary>
    Task<RunSlice> ListRunSliceAsync(ListRunSliceParams p, CancellationToken ct);

    /// <summary>Cues newest first, before the keyset cursor <c>BeforeSequence</c>; with the cue count.</summary>
    Task<CueSlice> ListCueSliceAsync(ListCueSliceParams p, CancellationToken ct);

    /// <summary>Alerts newest first, before the keyset cursor <c>BeforeSequence</c>; with the alert count.</summary>
    Task<AlertSlice> ListAlertSliceAsync(ListAlertSliceParams p, CancellationToken ct);

    /// <summary>Executions by status from the counters the store keeps on write, whatever their number.</summary>
    Task<ExecutionCounts> CountExecutionsAsync(CountExecutionsParams p, CancellationToken ct);

    /// <summary>What the overview shows: counts by status, active work by queue and task, the last hour.</summary>
    Task<OverviewStats> GetOverviewStatsAsync(GetOverviewStatsParams p, CancellationToken ct);

    /// <summary>
    /// The cursor of the tenant's newest event that every reader can already see ("" when there is none), so a
    /// live page can follow the stream from now instead of from the oldest kept event.
    /// </summary>
    Task<string> GetEventHeadAsync(string tenantId, CancellationToken ct);
}
