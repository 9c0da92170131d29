using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Cues;

/// <summary>
/// Fires due cue slots, on the leader only (when a <see cref="LeaderElection"/> is registered; a lone SQLite node
/// is trivially the leader). Leadership is only a hint that may be a renewal stale: the store's unique slot index
/// is what guarantees a slot fires once, so a brief overlap of two leaders doubles nothing.
/// </summary>
public sealed class CueScheduler(
    IBatonStore store, INotifier notifier, BatonOptions options, TimeProvider time, ILogger<CueScheduler> log,
    LeaderElection? leader = null)
    : BackgroundService
{
    /// <summary>Cues per store call; a pass keeps calling while full batches come back.</summary>
    public const int BatchSize = 100;

    /// <summary>One pass at <paramref name="now"/>: fires every due slot. Returns the executions made.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (leader is not null && !leader.IsLeader) return 0;
        var total = 0;
        while (true)
        {
            var result = await store.FireDueCuesAsync(new FireDueCuesParams(BatchSize, now), ct);
            total += result.Fired.Count;
            foreach (var tenant in result.Fired.Select(e => e.TenantId).Distinct())
            {
                notifier.Notify(Topics.Claimable(tenant));
                notifier.Notify(Topics.Events(tenant));
            }

            if (result.Fired.Any(e => e.Transport == CueTransports.Webhook)) notifier.Notify(Topics.Webhooks);

            if (result.CuesFired < BatchSize) return total;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SchedulerInterval, time);
        try
        {
            do
            {
                try
                {
                    var fired = await RunOnceAsync(time.GetUtcNow(), stoppingToken);
                    if (fired > 0) log.LogInformation("Scheduler fired {Count} executions", fired);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A passing database error must not end the loop; the slots stay due for the next tick.
                    log.LogWarning(ex, "Scheduler pass failed; retrying on the next tick");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
