using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Observability;
using Baton.Core.Storage;

namespace Baton.Core.Cues;

/// <summary>The scheduler's step (<see cref="ICueStore.FireDueCuesAsync"/>), decided here and run by a driver's transaction.</summary>
public static class CueFiring
{
    /// <summary>
    /// Fires every due slot of up to <c>p.Limit</c> due cues, by each cue's catch-up policy: one execution per
    /// slot (a slot another scheduler fired inserts nothing), then the cue's next run, then the events of what was
    /// made (<c>execution.created</c> and <c>cue.fired</c> for each).
    /// </summary>
    public static async Task<FireDueCuesResult> FireDueAsync(
        ICueTransaction tx, FireDueCuesParams p, DateTimeOffset now, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(p);
        var due = await tx.ReadDueCuesAsync(now, p.Limit, ct);
        var fired = new List<Execution>();
        foreach (var cue in due)
        {
            var slots = CueSchedule.DueSlots(cue.Definition, cue.NextRun!.Value, now);
            var made = new List<Execution>();
            // Nobody asked for a scheduled fire, so its work starts a trace of its own (one per cue per pass).
            using var fire = TraceContext.StartRoot("cue fire");
            fire.Activity?.SetTag("baton.cue.id", cue.Id);
            foreach (var slot in slots.Slots)
            {
                var e = CueExecutions.ForSlot(cue, slot, TriggeredBy.Scheduled, Ids.NewExecutionId(time)) with
                {
                    TraceParent = fire.Activity?.Id,
                    TraceState = fire.Activity?.TraceStateString,
                };
                if (await tx.InsertSlotExecutionAsync(cue, e, now, ct) is { } inserted) made.Add(inserted);
            }

            var after = await tx.AdvanceCueAsync(cue, slots, made.Count, now, ct) ?? cue;
            await tx.InsertEventsAsync([.. made.SelectMany(e => new[]
            {
                NewEvent.For(e, EventTypes.ExecutionCreated, now), CueEvents.For(after, EventTypes.CueFired, now, e),
            })], ct);
            fired.AddRange(made);
        }

        // The scheduler sleeps until the earliest slot still ahead (this transaction's advances included).
        return new FireDueCuesResult(fired, due.Count) { NextRun = await tx.ReadNextRunAsync(ct) };
    }
}
