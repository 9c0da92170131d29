using Baton.Core.Events;
using Baton.Core.Storage;

namespace Baton.Core.Cues;

/// <summary>
/// Writes what <see cref="CueEffectRules"/> planned for one event (<see cref="ICueStore.ApplyCueEffectsAsync"/>),
/// once, in a driver's transaction.
/// </summary>
public static class CueEffectWrites
{
    /// <summary>
    /// Marks the event applied (a second call for it writes nothing), changes the cue's status if it is still in
    /// one the plan changes from, writes the <c>cue.*</c> events (<c>cue.failed</c> at most once) and raises the
    /// plan's alerts.
    /// </summary>
    public static async Task<CueEffectsResult> ApplyAsync(
        ICueTransaction tx, ApplyCueEffectsParams p, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(p);
        // A second leader applying the same event waits on the first one's marker, then finds it.
        if (!await tx.MarkEffectsAppliedAsync(p.EventId, now, ct)) return new CueEffectsResult(false, null, 0);

        var cue = p.CueId is null ? null : await tx.ReadCueForUpdateAsync(p.TenantId, p.CueId, ct);
        var events = new List<NewEvent>();
        if (cue is not null && p.Plan.CueStatus is { } change && change.From.Contains(cue.Status)
            && await tx.SetCueStatusAsync(cue, change.To, now, ct) is { } after)
        {
            if (CueEvents.ForStatusChange(cue.Status, after.Status) is { } type) events.Add(CueEvents.For(after, type, now, p.Execution));
            cue = after;
        }

        if (cue is not null && p.Plan.CueFailedEvent && events.All(e => e.Type != EventTypes.CueFailed))
        {
            events.Add(CueEvents.For(cue, EventTypes.CueFailed, now, p.Execution));
        }

        await tx.InsertEventsAsync(events, ct);
        var raised = 0;
        foreach (var alert in p.Plan.Alerts) raised += await tx.InsertAlertAsync(alert, now, ct);
        return new CueEffectsResult(true, cue, raised);
    }
}
