using Baton.Contracts.Workers;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Storage;
using Baton.Core.Workers;

namespace Baton.Core.Dashboard;

/// <summary>
/// The dashboard's query service: reads in domain terms for each page, scoped to one tenant, so the pages never
/// build store parameters themselves. A missing or foreign object reads as null (the page answers 404).
/// </summary>
public sealed class DashboardReader(IBatonStore store, IDashboardQueries queries, TimeProvider time)
{
    public const int PageSize = 50;

    private readonly FinishedMinutes _finished = new();

    /// <summary>The overview's charts cover this much time before now, one point per minute.</summary>
    public static readonly TimeSpan OverviewWindow = TimeSpan.FromHours(1);

    public async Task<Overview> GetOverviewAsync(string tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minutes = Minutes(now);
        // The minutes already final are kept (FinishedMinutes); the store reads the finishes since then only.
        var readFrom = _finished.ReadFrom(tenantId, minutes[0]);
        var read = await queries.GetOverviewStatsAsync(new GetOverviewStatsParams(tenantId, now, now - readFrom), ct);
        var (series, claimWaits) = _finished.Merge(tenantId, minutes[0], readFrom, now, read.Minutes, read.ClaimWaits);
        var stats = read with { Minutes = series, ClaimWaits = claimWaits };
        var workers = await store.ListWorkersAsync(new ListWorkersParams(tenantId), ct);
        var alerts = await store.ListAlertsAsync(new ListAlertsParams(tenantId, Limit: 5), ct);
        var states = workers.Select(w => WorkerService.Status(now - w.LastHeartbeat, w.State)).ToList();
        var finished = stats.Minutes.ToDictionary(m => m.Minute);
        var waits = stats.ClaimWaits.ToLookup(w => FinishedMinutes.MinuteOf(w.FinishedAt), w => w.Seconds);
        var allWaits = stats.ClaimWaits.Select(w => w.Seconds).ToList();
        return new Overview(
            stats,
            [.. minutes.Select(m => finished.TryGetValue(m, out var c) ? c : new MinuteCounts(m, 0, 0))],
            [.. minutes.Select(m => new MinuteWaits(m, Percentile([.. waits[m]], 0.50), Percentile([.. waits[m]], 0.95)))],
            Percentile(allWaits, 0.50),
            Percentile(allWaits, 0.95),
            stats.OldestPendingSince is { } since ? now - since : null,
            workers,
            states.Count(s => s == "active"),
            states.Count(s => s == "stale"),
            states.Count(s => s == WorkerStates.Stopping),
            alerts.Alerts,
            now);
    }

    public async Task<ExecutionList> ListExecutionsAsync(
        string tenantId, ExecutionFilter filter, long? beforeSequence, CancellationToken ct)
    {
        var page = await queries.ListExecutionSliceAsync(
            new ListExecutionSliceParams(filter.ToListParams(tenantId), filter.Title, beforeSequence, PageSize), ct);
        // The tabs show what each status would hold under the same terms minus the status (and the title, which
        // no index serves): from the counters when they cover the filter, else the listing's GROUP BY status.
        var counts = filter.Counted(tenantId) is { } counted
            ? await queries.CountExecutionsAsync(counted, ct)
            : (await store.ListExecutionsAsync(filter.ToListParams(tenantId, includeStatus: false) with { Limit = 0 }, ct)).Counts;
        return new ExecutionList(page, counts);
    }

    public async Task<ExecutionDetail?> GetExecutionAsync(string tenantId, Guid id, CancellationToken ct)
    {
        var execution = await store.GetExecutionAsync(new GetExecutionParams(tenantId, id), ct);
        if (execution is null) return null;
        var timeline = new List<BatonEvent>();
        string? cursor = null;
        // An execution has a handful of events; the cap only bounds a pathological one (heartbeat events).
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await store.ReadEventsAsync(
                new ReadEventsParams(tenantId, cursor, new EventFilter { ExecutionId = id }, 200), ct);
            timeline.AddRange(page.Events);
            if (page.Events.Count < 200) break;
            cursor = page.NextCursor;
        }

        var messages = await store.ListExecutionMessagesAsync(new ListExecutionMessagesParams(tenantId, id), ct);
        return new ExecutionDetail(execution, timeline, AttemptHistory.From(timeline)) { Messages = messages };
    }

    public Task<RunSlice> ListRunsAsync(string tenantId, RunCursor? after, CancellationToken ct) =>
        queries.ListRunSliceAsync(new ListRunSliceParams(tenantId, after, PageSize), ct);

    public async Task<RunDetail?> GetRunAsync(string tenantId, string runId, long? beforeSequence, CancellationToken ct)
    {
        var summary = await store.GetRunAsync(new GetRunParams(tenantId, runId), ct);
        if (summary.Total == 0) return null;
        var page = await queries.ListExecutionSliceAsync(
            new ListExecutionSliceParams(new ListExecutionsParams(tenantId) { RunId = runId }, null, beforeSequence, PageSize), ct);
        return new RunDetail(summary, page);
    }

    public Task<CueSlice> ListCuesAsync(string tenantId, long? beforeSequence, CancellationToken ct) =>
        queries.ListCueSliceAsync(new ListCueSliceParams(tenantId, beforeSequence, PageSize), ct);

    public async Task<CueDetail?> GetCueAsync(string tenantId, string cueId, CancellationToken ct)
    {
        var cue = await store.GetCueAsync(new GetCueParams(tenantId, cueId), ct);
        if (cue is null) return null;
        var recent = await queries.ListExecutionSliceAsync(
            new ListExecutionSliceParams(new ListExecutionsParams(tenantId) { CueId = cueId }, null, null, 20), ct);
        return new CueDetail(cue, NextFires(cue, time.GetUtcNow(), 5), recent);
    }

    public Task<IReadOnlyList<Worker>> ListWorkersAsync(string tenantId, CancellationToken ct) =>
        store.ListWorkersAsync(new ListWorkersParams(tenantId), ct);

    public Task<AlertSlice> ListAlertsAsync(string tenantId, long? beforeSequence, CancellationToken ct) =>
        queries.ListAlertSliceAsync(new ListAlertSliceParams(tenantId, beforeSequence, PageSize), ct);

    public Task<string> GetEventHeadAsync(string tenantId, CancellationToken ct) => queries.GetEventHeadAsync(tenantId, ct);

    /// <summary>The next <paramref name="count"/> slots of an active cue after <paramref name="now"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFires(Cue cue, DateTimeOffset now, int count)
    {
        var fires = new List<DateTimeOffset>();
        if (cue.Status != CueStatuses.Active) return fires;
        var next = cue.NextRun ?? CueSchedule.NextRunAfter(cue.Definition, now);
        while (next is { } at && fires.Count < count)
        {
            fires.Add(at);
            next = CueSchedule.NextRunAfter(cue.Definition, at);
        }

        return fires;
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/>; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double fraction)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>The start of every minute of the window, oldest first, the current minute last.</summary>
    private static List<DateTimeOffset> Minutes(DateTimeOffset now)
    {
        var last = FinishedMinutes.MinuteOf(now);
        var count = (int)OverviewWindow.TotalMinutes;
        return [.. Enumerable.Range(0, count).Select(i => last.AddMinutes(i - count + 1))];
    }
}
