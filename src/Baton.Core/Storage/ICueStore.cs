using Baton.Core.Cues;

namespace Baton.Core.Storage;

/// <summary>Cues, their firing (manual and scheduled), and what the end of an execution does to its cue.</summary>
public interface ICueStore
{
    /// <summary>Stores a new cue; a name already used by the tenant throws duplicate_cue_name.</summary>
    Task<Cue> CreateCueAsync(CreateCueParams p, CancellationToken ct);
    Task<Cue?> GetCueAsync(GetCueParams p, CancellationToken ct);
    Task<CuePage> ListCuesAsync(ListCuesParams p, CancellationToken ct);

    /// <summary>The cue after the update; throws cue_not_found, or duplicate_cue_name for a taken name.</summary>
    Task<Cue> UpdateCueAsync(UpdateCueParams p, CancellationToken ct);

    /// <summary>False when the tenant has no such cue. Its executions stay (with their cue_id).</summary>
    Task<bool> DeleteCueAsync(DeleteCueParams p, CancellationToken ct);

    /// <summary>Enqueues a manual fire's execution and counts it on the cue; throws cue_not_found.</summary>
    Task<EnqueueResult> FireCueAsync(FireCueParams p, CancellationToken ct);

    /// <summary>
    /// The scheduler's step: fires due slots of active cues in batches. Safe to run on several nodes at once:
    /// a slot's execution is unique per (cue_id, scheduled_for), so a slot fires once whoever gets there first.
    /// </summary>
    Task<FireDueCuesResult> FireDueCuesAsync(FireDueCuesParams p, CancellationToken ct);

    // Cue effects: what the end of an execution does to its cue, applied by the leader following the event log.

    /// <summary>How far (a cursor over every tenant's events) the cue effects have been applied.</summary>
    Task<string> GetCueEffectsCursorAsync(CancellationToken ct);

    /// <summary>Moves the cursor only if it is still at <c>Expected</c>; false when another node moved it.</summary>
    Task<bool> SaveCueEffectsCursorAsync(SaveCueEffectsCursorParams p, CancellationToken ct);

    Task<CueEffectsResult> ApplyCueEffectsAsync(ApplyCueEffectsParams p, CancellationToken ct);
}
