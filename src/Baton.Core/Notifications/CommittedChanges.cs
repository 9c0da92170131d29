using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Core.Notifications;

/// <summary>
/// What one store operation committed, as its caller learned it from the store's answer. It is handed to
/// <see cref="ChangePublisher"/> after the commit, which derives from it everything that follows a change: the
/// wake-ups, the hand-offs to parked awaits, the maintenance loop's early wake, metrics and trace events. Callers
/// say what happened; they never decide whom to wake.
/// </summary>
public sealed record CommittedChanges
{
    /// <summary>
    /// Executions this operation created (an enqueue, a fire, a scheduled slot, a replay); not the ones an
    /// idempotency key returned, which already existed.
    /// </summary>
    public IReadOnlyList<Execution> Created { get; init; } = [];

    /// <summary>
    /// Executions claimed: by a worker, by id, by the webhook dispatcher, or in an enqueue's transaction for a
    /// claimer parked on this node (those are in <see cref="Created"/> too).
    /// </summary>
    public IReadOnlyList<Execution> Claimed { get; init; } = [];

    /// <summary>Executions changed by an outcome, a release, a cancel or a verification, as committed.</summary>
    public IReadOnlyList<Execution> Changed { get; init; } = [];

    /// <summary>What changed the rows in <see cref="Changed"/>: metrics count an outcome and a cancel differently.</summary>
    public ChangeCause ChangedBy { get; init; }

    /// <summary>Expired leases the maintenance loop rescued: requeued (<c>pending</c>) or failed for good.</summary>
    public IReadOnlyList<ExecutionRef> Rescued { get; init; } = [];

    /// <summary>Executions the maintenance loop marked <c>missed</c> (their window closed unclaimed).</summary>
    public IReadOnlyList<ExecutionRef> Missed { get; init; } = [];

    /// <summary>Tenants with delayed work (a <c>send_at</c>, a retry's backoff) that has just become claimable.</summary>
    public IReadOnlyList<string> TenantsWithWorkDue { get; init; } = [];

    /// <summary>A cue was created or its next slot moved: the scheduler recomputes when it next fires.</summary>
    public bool CueScheduleChanged { get; init; }

    /// <summary>Tenants whose event stream got events that no execution change above accounts for (cue effects).</summary>
    public IReadOnlyList<string> TenantsWithNewEvents { get; init; } = [];
}
