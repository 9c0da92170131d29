using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;

namespace Baton.Core.Storage;

/// <summary>
/// The statements Core's cue steps (<see cref="CueFiring"/>, <see cref="CueEffectWrites"/>) run, all inside one
/// driver transaction (like River's <c>ExecutorTx</c>): the driver opens and commits it and writes the SQL; the
/// steps decide what to read and write, once for both drivers.
/// </summary>
public interface ICueTransaction
{
    /// <summary>Active cues whose next run is due, earliest first; on PostgreSQL locked, skipping ones another node holds.</summary>
    Task<IReadOnlyList<Cue>> ReadDueCuesAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>The slot's execution, or null when the slot already has one (unique per (cue_id, scheduled_for)).</summary>
    Task<Execution?> InsertSlotExecutionAsync(Cue cue, NewExecution execution, DateTimeOffset now, CancellationToken ct);

    /// <summary>Moves the cue to <paramref name="slots"/>' next run and counts <paramref name="fired"/> runs; null if it moved since the read.</summary>
    Task<Cue?> AdvanceCueAsync(Cue cue, DueSlots slots, int fired, DateTimeOffset now, CancellationToken ct);

    /// <summary>The earliest next run of any active cue, this transaction's advances included.</summary>
    Task<DateTimeOffset?> ReadNextRunAsync(CancellationToken ct);

    /// <summary>Marks the event's effects as applied; false when they already were.</summary>
    Task<bool> MarkEffectsAppliedAsync(long eventId, DateTimeOffset now, CancellationToken ct);

    /// <summary>The tenant's cue, locked for the rest of the transaction on PostgreSQL.</summary>
    Task<Cue?> ReadCueForUpdateAsync(string tenantId, string cueId, CancellationToken ct);

    /// <summary>Sets the cue's status (and clears its next run) if it is still <c>cue.Status</c>; null otherwise.</summary>
    Task<Cue?> SetCueStatusAsync(Cue cue, string to, DateTimeOffset now, CancellationToken ct);

    Task InsertEventsAsync(IReadOnlyCollection<NewEvent> events, CancellationToken ct);

    /// <summary>1 when the alert was raised, 0 when one like it was raised within the dedup window.</summary>
    Task<int> InsertAlertAsync(NewAlert alert, DateTimeOffset now, CancellationToken ct);
}
