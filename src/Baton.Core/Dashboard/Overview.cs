using Baton.Core.Alerts;
using Baton.Core.Workers;

namespace Baton.Core.Dashboard;

/// <summary>
/// The overview page's model. <see cref="Minutes"/> has every minute of the window, oldest first (zeros where
/// nothing finished). Waits are in seconds; null when nothing finished in the window.
/// </summary>
public sealed record Overview(
    OverviewStats Stats,
    IReadOnlyList<MinuteCounts> Minutes,
    double? ClaimWaitP50,
    double? ClaimWaitP95,
    TimeSpan? OldestPendingAge,
    IReadOnlyList<Worker> Workers,
    int WorkersActive,
    int WorkersStale,
    IReadOnlyList<Alert> RecentAlerts,
    DateTimeOffset Now);
