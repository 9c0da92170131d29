using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Observability;

namespace Baton.Core.Notifications;

/// <summary>
/// The one publisher of committed changes. Whatever commits a change to executions or cues hands it what the store
/// answered (<see cref="CommittedChanges"/>), after the commit; this answers the awaits parked on this node with
/// the rows that finished, wakes the topics <see cref="WakeUpRules"/> names, and tells the maintenance loop about
/// rows it will need sooner than it planned. The execution counters and histograms are fed here too
/// (<see cref="BatonMetrics.Record"/>), and so are the claim and outcome spans (<see cref="ExecutionTraces"/>):
/// no call site counts or traces anything by hand.
/// </summary>
public sealed class ChangePublisher(
    INotifier notifier, ParkedAwaits parkedAwaits, MaintenanceWakeups wakeups, BatonMetrics? metrics = null)
{
    public void Publish(CommittedChanges changes)
    {
        // Hand-offs first: a parked await answered with the committed row is spared the read its wake-up costs.
        foreach (var e in changes.Changed) parkedAwaits.Finished(e);
        foreach (var topic in WakeUpRules.TopicsFor(changes)) notifier.Notify(topic);
        wakeups.Saw(changes.Created.Concat(changes.Claimed).Concat(changes.Changed));
        metrics?.Record(changes);
        ExecutionTraces.Record(changes);
    }
}
