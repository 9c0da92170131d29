using Baton.Core;
using Baton.Core.Cues;
using Baton.Core.Dashboard;
using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Baton.Storage.Conformance;

// The dashboard reads counters the executions' triggers keep (by status, queue and task; per run) instead of
// counting rows. Every kind of change must move them exactly as it moves the rows: the test compares the counters
// with the executions themselves after each step, before and after the deltas are folded.
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Counters_match_the_executions_after_every_kind_of_change_folded_or_not()
    {
        var runs = new[] { "run-a", "run-b", null };
        var batch = Enumerable.Range(0, 24).Select(i => NewExecution(
            task: i % 4 == 0 ? null : $"task-{i % 3}", queue: $"q{i % 2}", runId: runs[i % 3],
            expiresAt: i % 8 == 7 ? Now.AddMinutes(1) : null, maxAttempts: 2)).ToArray();
        await EnqueueAsync(batch);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(runId: "run-a")], Now), Ct);
        await AssertCountersMatchAsync("after enqueue");

        var claimed = await ClaimAsync("w1", limit: 12, lease: 30);
        await AssertCountersMatchAsync("after claims");

        await ReportAsync(claimed[0], success: true);
        await ReportAsync(claimed[1], success: false, retryable: false);
        await ReportAsync(claimed[2], success: false, retryable: true);
        await Store.CancelExecutionAsync(new CancelExecutionParams(TenantA, claimed[3].Id, null, "stop", Force: true, Now), Ct);
        await Store.ReleaseExecutionAsync(new ReleaseExecutionParams(TenantA, claimed[4].Id, "w1", claimed[4].ClaimToken, Now), Ct);
        await AssertCountersMatchAsync("after outcomes, a cancel and a release");

        Time.Advance(TimeSpan.FromMinutes(2));
        await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        await Store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: Now), Ct);
        await AssertCountersMatchAsync("after rescue and missed");

        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await AssertCountersMatchAsync("after a fold");

        var pruneBefore = Now.AddMinutes(1);
        Time.Advance(TimeSpan.FromHours(1));
        foreach (var e in await ClaimAsync("w2", limit: 100, lease: 30)) await ReportAsync(e, success: true);
        Time.Advance(TimeSpan.FromDays(30));
        Assert.True(await Store.PruneExecutionsAsync(new PruneExecutionsParams(pruneBefore, pruneBefore), Ct) > 0);
        Assert.NotEmpty((await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Items);
        // A run keeps its first enqueue and last finish when older rows are pruned; the rows no longer know them.
        await AssertCountersMatchAsync("after pruning", timesToo: false);
        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await Store.PruneExecutionsAsync(new PruneExecutionsParams(pruneBefore, pruneBefore), Ct);
        await AssertCountersMatchAsync("after a fold and a second prune", timesToo: false);
    }

    [Fact]
    public async Task Counters_match_the_executions_after_heartbeats_webhooks_verification_cue_fires_and_repeats()
    {
        // A repeated idempotency key inserts nothing and must count nothing.
        var keyed = NewExecution(runId: "run-k", idempotencyKey: "once", requestHash: "h");
        await EnqueueAsync(keyed, NewExecution(task: null, runId: "run-k"));
        await EnqueueAsync(keyed with { Id = Guid.CreateVersion7() });
        await AssertCountersMatchAsync("after a batch enqueue and its repeat");

        // Heartbeats of an execution and of its worker change the row, not its status.
        var claimed = await ClaimOneAsync();
        await Store.HeartbeatExecutionAsync(new HeartbeatExecutionParams(TenantA, claimed.Id, "w1", claimed.ClaimToken, 120, null, Now), Ct);
        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", null, null, null, Now), Ct);
        await AssertCountersMatchAsync("after heartbeats");
        await Store.CancelExecutionAsync(new CancelExecutionParams(TenantA, claimed.Id, "w1", "no", Force: false, Now), Ct);
        var pending = (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Statuses = [ExecutionStatus.Pending] }, Ct)).Items[0];
        await Store.CancelExecutionAsync(new CancelExecutionParams(TenantA, pending.Id, null, "no", Force: false, Now), Ct);
        await AssertCountersMatchAsync("after cancels");

        // A webhook execution: delivering, then a failed delivery to retry, then delivered.
        await EnqueueAsync(NewExecution(runId: "run-w") with { Transport = CueTransports.Webhook });
        var delivering = Assert.Single(await ClaimWebhooksAsync());
        await AssertCountersMatchAsync("after a webhook claim");
        var report = new OutcomeReport
        {
            ExecutionId = delivering.Id,
            WorkerId = delivering.ClaimedByWorker,
            ClaimToken = delivering.ClaimToken,
            Success = false,
            Error = "HTTP 503",
            HttpStatus = 503,
        };
        await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, [report], false, Now), Ct);
        await AssertCountersMatchAsync("after a failed delivery");
        Time.Advance(TimeSpan.FromSeconds(61));
        delivering = Assert.Single(await ClaimWebhooksAsync());
        report = report with { ClaimToken = delivering.ClaimToken, Success = true, Error = null, HttpStatus = 200 };
        await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, [report], false, Now), Ct);
        await AssertCountersMatchAsync("after a delivery");

        // Verification changes the outcome's state, not the status.
        var finished = await FinishedAsync(VerificationModes.Manual);
        await Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, finished.Id, false, "no", Now), Ct);
        var parked = await FinishedAsync(VerificationModes.None);
        await Store.MarkVerificationPendingAsync(new MarkVerificationPendingParams(TenantA, parked.Id, Now), Ct);
        await AssertCountersMatchAsync("after verification");

        // Cues: a manual fire and the scheduler's due fires.
        var cue = await CreateCueAsync("every five", EveryFiveMinutes());
        await Store.FireCueAsync(new FireCueParams(TenantA, cue.Id,
            CueExecutions.ForSlot(cue, Now, TriggeredBy.ManualFire, Guid.CreateVersion7()), Now), Ct);
        Time.Advance(TimeSpan.FromMinutes(11));
        await FireDueAsync();
        await AssertCountersMatchAsync("after cue fires");
        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await AssertCountersMatchAsync("after cue fires and a fold");
    }

    [Fact]
    public async Task A_database_from_before_the_counters_gets_them_counted_from_its_executions_at_start_up()
    {
        var batch = Enumerable.Range(0, 30).Select(i => NewExecution(
            task: i % 5 == 0 ? null : $"task-{i % 4}", queue: $"q{i % 3}", runId: i % 2 == 0 ? $"run-{i % 6}" : null)).ToArray();
        await EnqueueAsync(batch);
        var claimed = await ClaimAsync("w1", limit: 10);
        foreach (var e in claimed.Take(6)) await ReportAsync(e, success: e.Task != "task-1", retryable: false);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(runId: "run-0")], Now), Ct);

        await _database!.UndoCountersMigrationAsync();
        Store = await OpenStoreAsync();

        await AssertCountersMatchAsync("after the upgrade");
        Assert.Equal(31, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Limit = 0 }, Ct)).Total
            + (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantB) { Limit = 0 }, Ct)).Total);
        foreach (var e in await ClaimAsync("w2", limit: 100)) await ReportAsync(e, success: true);
        await AssertCountersMatchAsync("after work on the upgraded database");
    }

    [Fact]
    public async Task Counters_stay_exact_under_concurrent_claims_outcomes_and_folds()
    {
        await EnqueueAsync([.. Enumerable.Range(0, 400).Select(i => NewExecution(task: $"task-{i % 3}", queue: $"q{i % 2}", runId: $"run-{i % 7}"))]);
        var stores = new List<IBatonStore>();
        for (var i = 0; i < 9; i++) stores.Add(await OpenStoreAsync());
        using var stop = new CancellationTokenSource();

        var folding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await stores[8].FoldCountsAsync(new FoldCountsParams(), Ct);
        }, Ct);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var claimed = await ClaimAsync($"w{w}", limit: 5, store: stores[w]);
                if (claimed.Count == 0) return;
                foreach (var e in claimed) await ReportAsync(e, success: e.Attempts % 2 == 1 || e.Task != "task-0", retryable: true, store: stores[w]);
            }
        }, Ct)).ToList();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await folding;

        await AssertCountersMatchAsync("after the race");
        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await AssertCountersMatchAsync("after the race and a last fold");
    }

    [Fact]
    public async Task The_maintenance_loop_folds_waiting_deltas_and_comes_back_while_more_wait()
    {
        var notifier = new InProcessNotifier();
        var wakeups = new MaintenanceWakeups(notifier);
        var loop = new MaintenanceLoop(Store, notifier, new ChangePublisher(notifier, new ParkedAwaits(), wakeups),
            new BatonOptions(), Time, NullLogger<MaintenanceLoop>.Instance, wakeups);
        await EnqueueAsync(NewExecution(runId: "r"), NewExecution());
        var waiting = (await Store.GetMaintenanceScheduleAsync(new GetMaintenanceScheduleParams(Now, Now, Now, Now), Ct)).CountsToFold;

        var pass = await loop.RunOnceAsync(Now, Ct);

        // A driver that counts in place never has deltas; one that writes them has them folded by the pass.
        Assert.False((await Store.GetMaintenanceScheduleAsync(new GetMaintenanceScheduleParams(Now, Now, Now, Now), Ct)).CountsToFold);
        if (waiting) Assert.True(pass.NextPassAt <= Now + MaintenanceLoop.CountsFoldInterval);
        await AssertCountersMatchAsync("after the loop folded");
    }

    /// <summary>The overview's counts and the runs list against the executions, read row by row.</summary>
    private async Task AssertCountersMatchAsync(string when, bool timesToo = true)
    {
        var rows = (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Limit = 10_000 }, Ct)).Items;
        var stats = await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now, TimeSpan.FromHours(1)), Ct);

        Assert.True(ExecutionCounts.From(rows.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => (long)g.Count())) == stats.Counts,
            $"{when}: counts by status {stats.Counts} but the rows say otherwise");
        // The finishes per minute, over a window that holds every finish of the test.
        var since = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var minutes = (await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now, Now - since), Ct)).Minutes;
        var finished = rows.Where(e => e.FinishedAt is not null)
            .GroupBy(e => new DateTimeOffset(e.FinishedAt!.Value.UtcTicks - e.FinishedAt.Value.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero))
            .OrderBy(g => g.Key).Select(g => new MinuteCounts(g.Key, g.Count(e => e.Status == ExecutionStatus.Success), g.Count(e => e.Status == ExecutionStatus.Failed)));
        Assert.Equal($"{when}, finishes per minute: {string.Join(", ", finished)}", $"{when}, finishes per minute: {string.Join(", ", minutes)}");
        var active = rows.Where(e => e.Status is ExecutionStatus.Pending or ExecutionStatus.Retrying or ExecutionStatus.Delivering).ToList();
        Assert.Equal($"{when}, active by queue: {Named(active.GroupBy(e => e.Queue))}", $"{when}, active by queue: {Named(stats.ActiveByQueue)}");
        Assert.Equal($"{when}, active by task: {Named(active.GroupBy(e => e.Task))}", $"{when}, active by task: {Named(stats.ActiveByTask)}");

        var terms = new List<CountExecutionsParams> { new(TenantA) };
        foreach (var queue in rows.Select(e => e.Queue).Distinct()) terms.Add(new(TenantA, Queue: queue));
        foreach (var task in rows.Select(e => e.Task).OfType<string>().Distinct())
        {
            terms.Add(new(TenantA, Task: task));
            terms.Add(new(TenantA, Queue: "q1", Task: task));
        }

        foreach (var run in rows.Select(e => e.RunId).OfType<string>().Distinct()) terms.Add(new(TenantA, RunId: run));
        foreach (var t in terms)
        {
            var matching = rows.Where(e => (t.Queue is null || e.Queue == t.Queue) && (t.Task is null || e.Task == t.Task)
                && (t.RunId is null || e.RunId == t.RunId));
            var counted = await Store.CountExecutionsAsync(t, Ct);
            Assert.True(ExecutionCounts.From(matching.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => (long)g.Count())) == counted,
                $"{when}: {t} counted {counted}");
        }

        var listed = (await Store.ListRunSliceAsync(new ListRunSliceParams(TenantA, null, 100), Ct)).Items;
        var expected = rows.Where(e => e.RunId is not null).Select(e => e.RunId!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed.Select(r => r.RunId).Order(StringComparer.Ordinal).ToList());
        foreach (var run in listed)
        {
            var truth = await Store.GetRunAsync(new GetRunParams(TenantA, run.RunId), Ct);
            Assert.True(truth.Counts == run.Counts, $"{when}: run {run.RunId} counts {run.Counts}, rows {truth.Counts}");
            if (!timesToo) continue;
            Assert.Equal(truth.FirstCreatedAt, run.FirstCreatedAt);
            Assert.Equal(truth.LastFinishedAt, run.LastFinishedAt);
        }
    }

    private static string Named(IEnumerable<IGrouping<string?, Execution>> groups) =>
        string.Join(", ", groups.Select(g => $"{g.Key ?? "(none)"}={g.Count()}").Order(StringComparer.Ordinal));

    private static string Named(IEnumerable<NamedCount> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Name ?? "(none)"}={c.Count}").Order(StringComparer.Ordinal));
}
