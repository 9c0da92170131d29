using Baton.Core.Executions;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Maintenance;

/// <summary>
/// The background loop of every node: rescue expired leases, mark unclaimed work <c>missed</c>, wake claimers
/// when delayed work becomes due, prune old finished work. Each step is an idempotent compare-and-set in the
/// store, so several nodes may run it at once and none can undo a concurrent outcome. Pruning runs on the leader
/// only (when a <see cref="LeaderElection"/> is registered).
/// </summary>
public sealed class MaintenanceLoop(
    IBatonStore store, INotifier notifier, BatonOptions options, TimeProvider time, ILogger<MaintenanceLoop> log,
    LeaderElection? leader = null)
    : BackgroundService
{
    private DateTimeOffset _lastDueCheck = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>One pass of every step at <paramref name="now"/>. Tests drive this directly with a fake clock.</summary>
    public async Task<MaintenancePass> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var rescued = await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: now), ct);
        foreach (var change in rescued.Changed)
        {
            notifier.ExecutionChanged(change.TenantId, change.Id);
            if (change.Status == ExecutionStatus.Pending) notifier.Notify(Topics.Claimable(change.TenantId));
        }

        // A rescued webhook delivery (its node died mid-send) is the dispatchers' to take again.
        if (rescued.Requeued > 0) notifier.Notify(Topics.Webhooks);

        var missed = await store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: now), ct);
        foreach (var change in missed) notifier.ExecutionChanged(change.TenantId, change.Id);

        // First pass after start: anything already due was claimable already; only look back one interval.
        var after = _lastDueCheck == DateTimeOffset.MinValue ? now - options.MaintenanceInterval : _lastDueCheck;
        var due = await store.ListTenantsWithWorkDueAsync(new ListTenantsWithWorkDueParams(after, now), ct);
        foreach (var tenant in due) notifier.Notify(Topics.Claimable(tenant));
        // Work that just became due may be a webhook retry or a delayed fire: the dispatchers look once. The due
        // check does not tell transports apart; a look that finds no webhook work is one cheap indexed query.
        if (due.Count > 0) notifier.Notify(Topics.Webhooks);
        _lastDueCheck = now;

        var pruned = 0;
        // Pruning is safe on every node (SKIP LOCKED batches) but pointless twice over; the leader does it.
        if (now - _lastPrune >= options.PruneInterval && (leader is null || leader.IsLeader))
        {
            pruned = await store.PruneExecutionsAsync(
                new PruneExecutionsParams(now - options.Retention, now - TimeSpan.FromHours(24)), ct);
            _lastPrune = now;
        }

        return new MaintenancePass(rescued.Requeued, rescued.Failed, missed.Count, pruned);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MaintenanceInterval, time);
        do
        {
            try
            {
                var pass = await RunOnceAsync(time.GetUtcNow(), stoppingToken);
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
                // A passing database error must not end the loop; the next tick tries again.
                log.LogWarning(ex, "Maintenance pass failed; retrying on the next tick");
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
