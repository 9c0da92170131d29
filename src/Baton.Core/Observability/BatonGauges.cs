using System.Diagnostics.Metrics;
using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Storage;

namespace Baton.Core.Observability;

/// <summary>
/// The observable gauges: backlog by queue, task and status, the oldest claimable execution's age, parked claims
/// and awaits, and whether this node leads. The backlog is read from a cache refreshed at most every
/// <see cref="RefreshEvery"/>, in the background, when a scrape finds it stale: a scrape never waits for a COUNT,
/// and scraping often costs no more queries.
/// </summary>
public sealed class BatonGauges
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private readonly BatonMetrics _metrics;
    private readonly IBacklogStore _store;
    private readonly TimeProvider _time;
    private IReadOnlyList<BacklogGroup> _backlog = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private int _refreshing;

    public BatonGauges(
        BatonMetrics metrics, IBacklogStore store, ParkedClaims claims, ParkedAwaits awaits, BatonOptions options,
        TimeProvider time, LeaderElection? leader = null)
    {
        _metrics = metrics;
        _store = store;
        _time = time;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("baton.executions.backlog", ObserveBacklog, "{execution}",
            "Open executions by queue, task and status (pending, delivering, retrying); refreshed at most every 10 s.");
        meter.CreateObservableGauge("baton.executions.oldest_pending.age", ObserveOldest, "s",
            "Age of the oldest claimable execution by queue: now minus when it became claimable.");
        meter.CreateObservableGauge("baton.claims.parked", () => claims.Count, "{claim}",
            "Claim requests parked on this node waiting for work.");
        meter.CreateObservableGauge("baton.awaits.parked", () => awaits.Count, "{await}",
            "Awaits of an execution parked on this node.");
        meter.CreateObservableGauge("baton.node.leader",
            () => new Measurement<int>(leader is null || leader.IsLeader ? 1 : 0, new KeyValuePair<string, object?>("node", options.NodeId)),
            "1", "1 while this node holds the leader lease (runs the scheduler, cue effects and pruning), else 0.");
    }

    /// <summary>When the cached backlog was read; for tests.</summary>
    internal DateTimeOffset ReadAt => _readAt;

    /// <summary>Reads the backlog now (the first scrape after start, and tests).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        using (var op = _metrics.Store("backlog"))
        {
            _backlog = await _store.GetBacklogAsync(new GetBacklogParams(now), ct);
        }

        _readAt = now;
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        RefreshIfStale();
        return _backlog
            .GroupBy(g => (Queue: _metrics.Queues.Label(g.Queue), Task: _metrics.Tasks.Label(g.Task), g.Status))
            .Select(group => new Measurement<long>(group.Sum(g => g.Count),
                new KeyValuePair<string, object?>("queue", group.Key.Queue),
                new("task", group.Key.Task), new("status", group.Key.Status.ToName())));
    }

    private IEnumerable<Measurement<double>> ObserveOldest()
    {
        var now = _time.GetUtcNow();
        return _backlog
            .Where(g => g.OldestDueAt is not null)
            .GroupBy(g => _metrics.Queues.Label(g.Queue))
            .Select(group => new Measurement<double>(
                Math.Max(0, (now - group.Min(g => g.OldestDueAt!.Value)).TotalSeconds),
                new KeyValuePair<string, object?>("queue", group.Key)));
    }

    private void RefreshIfStale()
    {
        if (_time.GetUtcNow() - _readAt < RefreshEvery) return;
        if (Interlocked.Exchange(ref _refreshing, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // A passing database error: the gauges keep the last reading and the next scrape tries again.
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }
}
