using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Maintenance;

/// <summary>
/// The background loop of every node: rescue expired leases, mark unclaimed work <c>missed</c>, wake claimers
/// when delayed work becomes due, prune old finished work, fold the dashboard's counter deltas. Each step is an
/// idempotent compare-and-set in the store, so several nodes may run it at once and none can undo a concurrent
/// outcome. Pruning and folding run on the leader only (when a <see cref="LeaderElection"/> is registered).
/// <para>
/// It does not poll. Each pass first reads the schedule (one statement of index probes): which steps have work
/// now, and when the others next will. It runs only the steps with work, then sleeps until the earliest next
/// moment, a signal on <see cref="Topics.Maintenance"/> from a change due sooner (<see cref="MaintenanceWakeups"/>),
/// or <see cref="BatonOptions.MaintenanceLongestSleep"/> — the bound for noticing work another node made when its
/// signal was lost. An idle server costs one statement per longest sleep (the old loop ran four a second).
/// </para>
/// </summary>
public sealed class MaintenanceLoop(
    IMaintenanceStore store, INotifier notifier, ChangePublisher changes, BatonOptions options, TimeProvider time,
    ILogger<MaintenanceLoop> log, MaintenanceWakeups wakeups, LeaderElection? leader = null)
    : BackgroundService
{
    private DateTimeOffset _lastDueCheck = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private DateTimeOffset _lastFold = DateTimeOffset.MinValue;

    /// <summary>How often the leader folds counter deltas while there are any.</summary>
    public static readonly TimeSpan CountsFoldInterval = TimeSpan.FromSeconds(2);

    /// <summary>One pass at <paramref name="now"/>: every step that has work. Tests drive this directly with a fake clock.</summary>
    public async Task<MaintenancePass> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        // First pass after start: anything already due was claimable already; only look back one interval.
        var dueAfter = _lastDueCheck == DateTimeOffset.MinValue ? now - options.MaintenanceInterval : _lastDueCheck;
        var schedule = await store.GetMaintenanceScheduleAsync(
            new GetMaintenanceScheduleParams(dueAfter, now - options.Retention, now - TimeSpan.FromHours(24), now), ct);
        var worked = false;

        var rescued = new RescueResult([]);
        if (schedule.LeasesExpired)
        {
            worked = true;
            rescued = await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: now), ct);
            changes.Publish(new CommittedChanges { Rescued = rescued.Changed });
        }

        IReadOnlyList<ExecutionRef> missed = [];
        if (schedule.WindowsClosed)
        {
            worked = true;
            missed = await store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: now), ct);
            changes.Publish(new CommittedChanges { Missed = missed });
        }

        var nextAvailable = schedule.NextAvailable;
        if (nextAvailable <= now)
        {
            var due = await store.ListTenantsWithWorkDueAsync(new ListTenantsWithWorkDueParams(dueAfter, now), ct);
            changes.Publish(new CommittedChanges { TenantsWithWorkDue = due });
            nextAvailable = null; // the next one is after now; the next pass's schedule finds it
            worked = true;
        }

        _lastDueCheck = now;

        var pruned = 0;
        // Pruning is safe on every node (SKIP LOCKED batches) but pointless twice over; the leader does it.
        if (schedule.AnythingToPrune && now - _lastPrune >= options.PruneInterval && (leader is null || leader.IsLeader))
        {
            pruned = await store.PruneExecutionsAsync(
                new PruneExecutionsParams(now - options.Retention, now - TimeSpan.FromHours(24)), ct);
            _lastPrune = now;
        }

        // A step that had work may have left more (a full batch, rows locked by a concurrent outcome): look again
        // after the short interval, as the old once-a-second loop did. Otherwise sleep until the next known moment.
        var next = now + options.MaintenanceLongestSleep;
        if (worked) next = Earliest(next, now + options.MaintenanceInterval);

        // The dashboard's counters: deltas written by other statements' triggers, folded on the leader. While there
        // are some, it comes back within CountsFoldInterval, so readers never sum more than a few seconds of them.
        if (schedule.CountsToFold && (leader is null || leader.IsLeader))
        {
            if (now - _lastFold >= CountsFoldInterval)
            {
                await store.FoldCountsAsync(new FoldCountsParams(), ct);
                _lastFold = now;
            }

            next = Earliest(next, _lastFold + CountsFoldInterval);
        }

        foreach (var at in new[] { schedule.NextLeaseExpiry, schedule.NextWindowClose, nextAvailable })
        {
            if (at is { } t) next = Earliest(next, t);
        }

        return new MaintenancePass(rescued.Requeued, rescued.Failed, missed.Count, pruned) { NextPassAt = next };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Watch before reading the schedule, and signal on every change until the plan is published, so a
                // change committed while the pass runs still cuts the sleep short.
                var signal = notifier.Watch(Topics.Maintenance);
                wakeups.Planning();
                var now = time.GetUtcNow();
                var next = now + options.MaintenanceInterval;
                try
                {
                    using var span = BatonTelemetry.Source.StartActivity("maintenance pass");
                    var pass = await RunOnceAsync(now, stoppingToken);
                    next = pass.NextPassAt;
                    if (pass.Requeued + pass.Failed + pass.Missed + pass.Pruned > 0)
                    {
                        log.LogInformation(
                            "Maintenance: {Requeued} leases rescued, {Failed} failed after their last attempt, {Missed} missed, {Pruned} pruned",
                            pass.Requeued, pass.Failed, pass.Missed, pass.Pruned);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // A passing database error must not end the loop; try again after the short interval.
                    log.LogWarning(ex, "Maintenance pass failed; retrying shortly");
                }

                wakeups.Planned(next);
                if (!await SleepAsync(signal, next, stoppingToken)) return;
            }
        }
        finally
        {
            wakeups.Stopped();
        }
    }

    /// <summary>Sleeps until <paramref name="until"/> or the signal; false when stopping.</summary>
    private async Task<bool> SleepAsync(Task signal, DateTimeOffset until, CancellationToken ct)
    {
        // Due times are stored to the microsecond and compared with <=: wake a hair after, never a hair before.
        var delay = until - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        if (delay <= TimeSpan.Zero) return !ct.IsCancellationRequested;
        try
        {
            await signal.WaitAsync(delay, time, ct);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !ct.IsCancellationRequested;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
