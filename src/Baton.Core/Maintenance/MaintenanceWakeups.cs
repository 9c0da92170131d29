using Baton.Core.Executions;
using Baton.Core.Notifications;

namespace Baton.Core.Maintenance;

/// <summary>
/// Lets the maintenance loop sleep until it has work instead of polling every second. The loop publishes when it
/// plans to wake; whoever commits a change that will need it earlier (a lease that expires sooner, delayed work
/// that becomes available sooner, an unclaimed window that closes sooner) calls <c>Saw</c> after the
/// commit, which notifies <see cref="Topics.Maintenance"/> — on PostgreSQL every node hears it. Changes due after
/// the planned wake need no signal: the loop reads the next due moment from the database when it wakes.
/// </summary>
public sealed class MaintenanceWakeups(INotifier notifier)
{
    /// <summary>
    /// Ticks of the planned wake: a change due before it signals. <see cref="long.MinValue"/> (no loop runs on this
    /// node) signals nothing; <see cref="long.MaxValue"/> (the loop is reading the schedule) signals everything.
    /// </summary>
    private long _plannedTicks = long.MinValue;

    /// <summary>An execution was written (and committed): signal if it needs the loop before the planned wake.</summary>
    public void Saw(Execution e)
    {
        if (NeedsLoopAt(e) is { } at) SawDue(at);
    }

    public void Saw(IEnumerable<Execution> executions)
    {
        DateTimeOffset? earliest = null;
        foreach (var e in executions)
        {
            if (NeedsLoopAt(e) is { } at && (earliest is null || at < earliest)) earliest = at;
        }

        if (earliest is { } due) SawDue(due);
    }

    /// <summary>Something will need the loop at <paramref name="at"/>.</summary>
    public void SawDue(DateTimeOffset at)
    {
        if (at.UtcTicks >= Interlocked.Read(ref _plannedTicks)) return;
        notifier.Notify(Topics.Maintenance);
    }

    /// <summary>The loop is about to read the schedule: until <see cref="Planned"/>, every change signals.</summary>
    internal void Planning() => Interlocked.Exchange(ref _plannedTicks, long.MaxValue);

    /// <summary>The loop will wake at <paramref name="at"/> unless signalled.</summary>
    internal void Planned(DateTimeOffset at) => Interlocked.Exchange(ref _plannedTicks, at.UtcTicks);

    /// <summary>The loop stopped: nothing to signal any more.</summary>
    internal void Stopped() => Interlocked.Exchange(ref _plannedTicks, long.MinValue);

    /// <summary>When this row next needs a maintenance step: its lease, its window, or its delayed availability.</summary>
    private static DateTimeOffset? NeedsLoopAt(Execution e) => e.Status switch
    {
        ExecutionStatus.Delivering => e.LeaseExpiresAt,
        ExecutionStatus.Pending or ExecutionStatus.Retrying => Earliest(
            e.AvailableAt > e.UpdatedAt ? e.AvailableAt : null,
            e.Attempts == 0 ? e.ExpiresAt : null),
        _ => null,
    };

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
