namespace Baton.Core.Storage;

/// <summary>Background work: idempotent compare-and-set updates, safe on any node.</summary>
public interface IMaintenanceStore
{
    Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct);
    Task<IReadOnlyList<ExecutionRef>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct);
    Task<int> PruneExecutionsAsync(PruneExecutionsParams p, CancellationToken ct);

    /// <summary>
    /// Tenants with pending or retrying work whose available time fell in (<c>After</c>, <c>UpTo</c>]: future
    /// sends and retries that just became claimable, so parked claimers can be woken without polling.
    /// </summary>
    Task<IReadOnlyList<string>> ListTenantsWithWorkDueAsync(ListTenantsWithWorkDueParams p, CancellationToken ct);

    /// <summary>
    /// One cheap read (index probes only) telling the maintenance loop which steps have work now and when the
    /// others next will, so an idle server sleeps instead of running every step every second.
    /// </summary>
    Task<MaintenanceSchedule> GetMaintenanceScheduleAsync(GetMaintenanceScheduleParams p, CancellationToken ct);

    /// <summary>
    /// Folds the deltas of the execution counters into the counters (<see cref="MaintenanceSchedule.CountsToFold"/>);
    /// a driver whose triggers count in place has nothing to do. Readers sum counters and deltas, so folding changes
    /// what they cost, never what they read.
    /// </summary>
    Task FoldCountsAsync(FoldCountsParams p, CancellationToken ct);
}
