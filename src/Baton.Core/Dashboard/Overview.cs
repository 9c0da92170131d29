using Baton.Core.Alerts;
using Baton.Core.Workers;

namespace Baton.Core.Dashboard;

/// <summary>
/// The overview page's model. <see cref="Minutes"/> has every minute of the window, oldest first (zeros where
/// nothing finished). <see cref="Waits"/> likewise; the
/// window's waits are in seconds, null when nothing finished in it.
/// </summary>
public sealed record Overview(
    OverviewStats Stats,
    IReadOnlyList<MinuteCounts> Minutes,
    IReadOnlyList<MinuteWaits> Waits,
    double? ClaimWaitP50,
    double? ClaimWaitP95,
    TimeSpan? OldestPendingAge,
    IReadOnlyList<Worker> Workers,
    int WorkersActive,
    int WorkersStale,
    int WorkersStopping,
    IReadOnlyList<Alert> RecentAlerts,
    DateTimeOffset Now);
