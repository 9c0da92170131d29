using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Cues;

/// <summary>
/// Fires due cue slots, on the leader only (when a <see cref="LeaderElection"/> is registered; a lone SQLite node
/// is trivially the leader). Leadership is only a hint that may be a renewal stale: the store's unique slot index
/// is what guarantees a slot fires once, so a brief overlap of two leaders doubles nothing.
/// <para>
/// It does not poll: each pass learns the earliest <c>next_run</c> of any active cue and sleeps until then, until a
/// cue is created or changed (<see cref="Topics.Cues"/>, heard on every node), or at most
/// <see cref="BatonOptions.MaintenanceLongestSleep"/>.
/// </para>
/// </summary>
public sealed class CueScheduler(
    ICueStore store, INotifier notifier, ChangePublisher changes, BatonOptions options, TimeProvider time,
    ILogger<CueScheduler> log, LeaderElection? leader = null)
    : BackgroundService
{
    /// <summary>Cues per store call; a pass keeps calling while full batches come back.</summary>
    public const int BatchSize = 100;

    private DateTimeOffset? _nextRun;

    /// <summary>One pass at <paramref name="now"/>: fires every due slot. Returns the executions made.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        _nextRun = null;
        if (leader is not null && !leader.IsLeader) return 0;
        var total = 0;
        while (true)
        {
            var result = await store.FireDueCuesAsync(new FireDueCuesParams(BatchSize, now), ct);
            total += result.Fired.Count;
            changes.Publish(new CommittedChanges { Created = result.Fired });

            _nextRun = result.NextRun;
            if (result.CuesFired < BatchSize) return total;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Watch before the pass, so a cue created while it runs still cuts the sleep short.
            var signal = notifier.Watch(Topics.Cues);
            var now = time.GetUtcNow();
            var next = now + options.SchedulerInterval;
            try
            {
                var leading = leader is null || leader.IsLeader;
                using var span = BatonTelemetry.Source.StartActivity("scheduler pass");
                var fired = await RunOnceAsync(now, stoppingToken);
                if (fired > 0) log.LogInformation("Scheduler fired {Count} executions", fired);
                if (leading)
                {
                    next = now + options.MaintenanceLongestSleep;
                    if (_nextRun is { } due && due < next) next = due;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A passing database error must not end the loop; the slots stay due for the next pass.
                log.LogWarning(ex, "Scheduler pass failed; retrying shortly");
            }

            // next_run is stored to the microsecond and compared with <=: wake a hair after it.
            var delay = next - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
            if (delay <= TimeSpan.Zero) continue;
            try
            {
                await signal.WaitAsync(delay, time, stoppingToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
