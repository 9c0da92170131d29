using Baton.Contracts.Workers;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;

namespace Baton.Core.Storage;

// One params record per store operation (so a new argument never changes every driver's signature). Now is optional: a driver uses its TimeProvider when null,
// tests pin it.

public sealed record CreateTenantParams(
    string TenantId, string Email, string Plan, string KeyHash, string KeyPrefix, DateTimeOffset? Now = null);

public sealed record RotateApiKeyParams(
    string TenantId, string NewKeyHash, string NewKeyPrefix, DateTimeOffset? Now = null);

/// <summary>
/// <see cref="HandOff"/>: a claim for a claimer parked on this node, made in the enqueue's own transaction right
/// after the insert (the same statement as <see cref="IExecutionStore.ClaimExecutionsAsync"/>, so the same claim order
/// and filter), so new work reaches a waiting worker with one commit instead of the enqueue's and its own.
/// </summary>
public sealed record EnqueueExecutionsParams(
    string TenantId, IReadOnlyList<NewExecution> Executions, DateTimeOffset? Now = null,
    ClaimExecutionsParams? HandOff = null);

/// <summary>
/// One entry per requested execution, in request order, as inserted. <see cref="Existing"/> is true where an
/// idempotency key matched an earlier identical request and nothing new was stored. <see cref="HandedOff"/> is
/// what the hand-off claim took (claimed after the insert, in the same commit), in claim order.
/// </summary>
public sealed record EnqueueResult(IReadOnlyList<Execution> Executions, IReadOnlyList<bool> Existing)
{
    public IReadOnlyList<Execution> HandedOff { get; init; } = [];
}

public sealed record GetExecutionParams(string TenantId, Guid ExecutionId);

public sealed record ListExecutionsParams(string TenantId)
{
    public string? CueId { get; init; }
    public IReadOnlyList<ExecutionStatus> Statuses { get; init; } = [];
    public string? WorkerId { get; init; }
    public string? OutcomeState { get; init; }
    public string? Queue { get; init; }
    public string? Task { get; init; }
    public string? RunId { get; init; }
    public string? Tag { get; init; }
    public string? TriggeredBy { get; init; }
    public int Limit { get; init; } = 20;
    public int Offset { get; init; }
}

public sealed record ListClaimableParams(string TenantId, ClaimFilter Filter, int Limit, DateTimeOffset? Now = null);

public sealed record GetQueueStatsParams(DateTimeOffset? Now = null);

/// <summary>
/// Claims up to <see cref="Limit"/> executions for <see cref="WorkerId"/>: the one named by
/// <see cref="ExecutionId"/> when set, else the first claimable in claim order that match <see cref="Filter"/>.
/// Each claimed execution gets a fresh random claim token.
/// </summary>
public sealed record ClaimExecutionsParams(
    string TenantId,
    string WorkerId,
    ClaimFilter Filter,
    int LeaseSeconds,
    int Limit = 1,
    Guid? ExecutionId = null,
    DateTimeOffset? Now = null);

public sealed record HeartbeatExecutionParams(
    string TenantId,
    Guid ExecutionId,
    string? WorkerId,
    string? ClaimToken,
    int? LeaseSeconds,
    string? ProgressJson,
    DateTimeOffset? Now = null);

public sealed record RecordOutcomesParams(
    string TenantId, IReadOnlyList<OutcomeReport> Reports, bool StrictOwnership, DateTimeOffset? Now = null);

/// <summary>Per-report result: the execution after the outcome, or the domain error that refused it.</summary>
public sealed record OutcomeResult(Guid ExecutionId, Execution? Execution, BatonException? Error);

public sealed record ReleaseExecutionParams(
    string TenantId, Guid ExecutionId, string? WorkerId, string? ClaimToken, DateTimeOffset? Now = null);

public sealed record CancelExecutionParams(
    string TenantId, Guid ExecutionId, string? WorkerId, string? Reason, bool Force, DateTimeOffset? Now = null);

public sealed record RescueExpiredLeasesParams(int Limit = 500, DateTimeOffset? Now = null);

/// <summary>What one pass of the rescuer did, row by row (so the right waiters can be woken).</summary>
public sealed record RescueResult(IReadOnlyList<ExecutionRef> Changed)
{
    public int Requeued => Changed.Count(c => c.Status == ExecutionStatus.Pending);
    public int Failed => Changed.Count(c => c.Status == ExecutionStatus.Failed);
}

/// <summary>Which execution a background step changed, and into what.</summary>
public sealed record ExecutionRef(string TenantId, Guid Id, ExecutionStatus Status)
{
    /// <summary>The queue, task and transport too: what metrics label it by and who may claim it again.</summary>
    public string Queue { get; init; } = "default";

    public string? Task { get; init; }

    public string Transport { get; init; } = Cues.CueTransports.Worker;

    public static ExecutionRef Of(Execution e) =>
        new(e.TenantId, e.Id, e.Status) { Queue = e.Queue, Task = e.Task, Transport = e.Transport };
}

public sealed record MarkMissedExecutionsParams(int Limit = 500, DateTimeOffset? Now = null);

/// <summary>Deletes finished executions and events older than <see cref="FinishedBefore"/>, and expired idempotency keys.</summary>
public sealed record PruneExecutionsParams(DateTimeOffset FinishedBefore, DateTimeOffset IdempotencyKeysBefore, int Limit = 500);

public sealed record RecordWorkerHeartbeatParams(
    string TenantId,
    string WorkerId,
    IReadOnlyList<string>? Handlers,
    string? Version,
    string? Host,
    DateTimeOffset? Now = null,
    string State = WorkerStates.Running)
{
    /// <summary>When not null, only these of the worker's leases are extended (see the request's <c>holding</c>).</summary>
    public IReadOnlyList<Guid>? Holding { get; init; }
}

public sealed record WorkerHeartbeatResult(int LeasesExtended, DateTimeOffset Now);

public sealed record ListTenantsWithWorkDueParams(DateTimeOffset After, DateTimeOffset UpTo);

/// <summary>
/// Asks when each maintenance step next has work, so the loop can sleep until then: delayed work is looked for
/// after <see cref="DueAfter"/> (the loop's last due check), pruning before the two cut-offs.
/// </summary>
public sealed record GetMaintenanceScheduleParams(
    DateTimeOffset DueAfter, DateTimeOffset PruneFinishedBefore, DateTimeOffset PruneKeysBefore,
    DateTimeOffset? Now = null);

/// <summary>
/// For each maintenance step, whether it has work at <c>Now</c> and, if not, the first moment it will: a lease that
/// expires, an unclaimed window that closes, delayed or retrying work that becomes available.
/// </summary>
public sealed record MaintenanceSchedule(
    bool LeasesExpired,
    DateTimeOffset? NextLeaseExpiry,
    bool WindowsClosed,
    DateTimeOffset? NextWindowClose,
    DateTimeOffset? NextAvailable,
    bool AnythingToPrune)
{
    /// <summary>Counter deltas wait to be folded into the dashboard's counters (a driver that counts in place: never).</summary>
    public bool CountsToFold { get; init; }
}

/// <summary>Folds the counter deltas the executions' triggers wrote into the counters the dashboard reads.</summary>
public sealed record FoldCountsParams;

/// <summary>Takes or renews the leadership lease <see cref="Name"/> for <see cref="NodeId"/> for <see cref="Ttl"/>.</summary>
public sealed record AcquireLeadershipParams(string Name, string NodeId, TimeSpan Ttl, DateTimeOffset? Now = null);

public sealed record ResignLeadershipParams(string Name, string NodeId);

/// <summary>
/// Events of one tenant after <see cref="AfterCursor"/> (null: from the oldest kept), in stream order. A null
/// <see cref="TenantId"/> reads every tenant's events in one stream (the cue-effects loop follows the whole log).
/// </summary>
public sealed record ReadEventsParams(string? TenantId, string? AfterCursor, EventFilter Filter, int Limit = 100);

public sealed record GetRunParams(string TenantId, string RunId);

/// <summary>Runs with activity, the most recently active first.</summary>
public sealed record ListRunsParams(string TenantId, int Limit = 20, int Offset = 0);

public sealed record CreateCueParams(
    string TenantId, string CueId, string Name, CueDefinition Definition, DateTimeOffset? Now = null);

public sealed record GetCueParams(string TenantId, string CueId);

/// <summary>Cues of one tenant, newest first, optionally of one status.</summary>
public sealed record ListCuesParams(string TenantId, string? Status = null, int Limit = 50, int Offset = 0);

public sealed record CuePage(IReadOnlyList<Cue> Cues, long Total);

/// <summary>
/// Replaces a cue's name, definition, status and next run (decided by the caller from the current cue). A status
/// change writes <c>cue.paused</c> / <c>cue.resumed</c> in the same transaction.
/// </summary>
public sealed record UpdateCueParams(
    string TenantId, string CueId, string Name, CueDefinition Definition, string Status,
    DateTimeOffset? NextRun, DateTimeOffset? Now = null);

public sealed record DeleteCueParams(string TenantId, string CueId);

/// <summary>
/// Fires up to <see cref="Limit"/> active cues whose next run is due: one execution per slot (unique per
/// (cue_id, scheduled_for), so concurrent schedulers never double-fire), by each cue's catch-up policy.
/// </summary>
public sealed record FireDueCuesParams(int Limit = 100, DateTimeOffset? Now = null);

/// <summary>What a scheduler pass fired: the new executions, by tenant, so claimers can be woken.</summary>
public sealed record FireDueCuesResult(IReadOnlyList<Execution> Fired, int CuesFired)
{
    /// <summary>The earliest <c>next_run</c> of any active cue after this pass (null: none), so the scheduler can sleep until then.</summary>
    public DateTimeOffset? NextRun { get; init; }
}

/// <summary>
/// A manual fire: enqueues <see cref="Execution"/> (already built from the cue) and counts it on the cue, in one
/// transaction. An idempotency key that matched an earlier identical fire returns that execution instead.
/// </summary>
public sealed record FireCueParams(string TenantId, string CueId, NewExecution Execution, DateTimeOffset? Now = null);
