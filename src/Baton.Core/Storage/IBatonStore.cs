using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Runs;
using Baton.Core.Tenants;
using Baton.Core.Usage;
using Baton.Core.Workers;

namespace Baton.Core.Storage;

/// <summary>
/// The one storage seam (DESIGN §5), in domain words. Every state transition is a compare-and-set on the
/// (status, claim_token) it was decided from, using <see cref="ExecutionRules"/>; every method that returns
/// normally has committed. Drivers: Baton.Storage.Sqlite, Baton.Storage.Postgres; both pass
/// Baton.Storage.Conformance.
/// </summary>
public interface IBatonStore : IAsyncDisposable
{
    StoreCapabilities Capabilities { get; }

    /// <summary>Applies pending numbered migrations. Safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>A cheap round trip, for <c>/status</c>.</summary>
    Task PingAsync(CancellationToken ct);

    // Tenants and keys

    Task<Tenant> CreateTenantAsync(CreateTenantParams p, CancellationToken ct);
    Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken ct);
    Task<long> CountTenantsAsync(CancellationToken ct);
    Task<ApiKeyLookup?> FindApiKeyAsync(string keyHash, CancellationToken ct);

    /// <summary>Replaces the tenant's primary key; the old one is kept as revoked so it answers key_rotated.</summary>
    Task RotateApiKeyAsync(RotateApiKeyParams p, CancellationToken ct);

    // Executions

    /// <summary>All or nothing; a conflicting idempotency key throws idempotency_key_conflict and stores none.</summary>
    Task<EnqueueResult> EnqueueExecutionsAsync(EnqueueExecutionsParams p, CancellationToken ct);
    Task<Execution?> GetExecutionAsync(GetExecutionParams p, CancellationToken ct);
    Task<ExecutionPage> ListExecutionsAsync(ListExecutionsParams p, CancellationToken ct);
    Task<IReadOnlyList<Execution>> ListClaimableAsync(ListClaimableParams p, CancellationToken ct);
    Task<IReadOnlyList<Execution>> ClaimExecutionsAsync(ClaimExecutionsParams p, CancellationToken ct);
    Task<Execution> HeartbeatExecutionAsync(HeartbeatExecutionParams p, CancellationToken ct);

    /// <summary>Records each report in one transaction; a refused report does not stop the others.</summary>
    Task<IReadOnlyList<OutcomeResult>> RecordOutcomesAsync(RecordOutcomesParams p, CancellationToken ct);
    Task<Execution> ReleaseExecutionAsync(ReleaseExecutionParams p, CancellationToken ct);
    Task<Execution> CancelExecutionAsync(CancelExecutionParams p, CancellationToken ct);
    Task<QueueStats> GetQueueStatsAsync(DateTimeOffset? now, CancellationToken ct);

    // Webhooks

    /// <summary>
    /// The webhook dispatcher's claim, across tenants: due webhook executions in claim order, with the same
    /// compare-and-set (and SKIP LOCKED on PostgreSQL) as a worker claim, so several nodes never take one twice.
    /// Worker claims never see these executions.
    /// </summary>
    Task<IReadOnlyList<Execution>> ClaimWebhookExecutionsAsync(ClaimWebhookExecutionsParams p, CancellationToken ct);

    /// <summary>The tenant's webhook signing secret; null before one was made (or for an unknown tenant).</summary>
    Task<string?> GetWebhookSecretAsync(string tenantId, CancellationToken ct);

    /// <summary>
    /// Sets the tenant's webhook secret (only if it has none, unless <c>Replace</c>) and returns the secret now in
    /// force: two concurrent first uses agree on one secret. Throws invalid_api_key for an unknown tenant.
    /// </summary>
    Task<string> SetWebhookSecretAsync(SetWebhookSecretParams p, CancellationToken ct);

    // Cues

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

    // Runs: executions grouped by run_id.

    /// <summary>The run's counts by status; a run nobody enqueued into has a total of zero.</summary>
    Task<RunSummary> GetRunAsync(GetRunParams p, CancellationToken ct);

    Task<RunPage> ListRunsAsync(ListRunsParams p, CancellationToken ct);

    // Events: every execution state change writes one, in the change's own transaction.

    /// <summary>
    /// Events after a cursor in stream order. A reader never skips an event whose transaction commits after the
    /// reader passed its position: each driver only hands out positions below every in-flight writer.
    /// </summary>
    Task<EventPage> ReadEventsAsync(ReadEventsParams p, CancellationToken ct);

    // Background work: idempotent compare-and-set updates, safe on any node.

    Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct);
    Task<IReadOnlyList<ExecutionRef>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct);
    Task<int> PruneExecutionsAsync(PruneExecutionsParams p, CancellationToken ct);

    /// <summary>
    /// Tenants with pending or retrying work whose available time fell in (<c>After</c>, <c>UpTo</c>]: future
    /// sends and retries that just became claimable, so parked claimers can be woken without polling.
    /// </summary>
    Task<IReadOnlyList<string>> ListTenantsWithWorkDueAsync(ListTenantsWithWorkDueParams p, CancellationToken ct);

    /// <summary>
    /// One cheap read (index probes only) telling the maintenance loop which steps have work now and when the
    /// others next will, so an idle server sleeps instead of running every step every second.
    /// </summary>
    Task<MaintenanceSchedule> GetMaintenanceScheduleAsync(GetMaintenanceScheduleParams p, CancellationToken ct);

    // Verification: changes only the verification fields of a finished execution (DESIGN §3), decided by
    // ExecutionRules and written as a compare-and-set, with execution.verified in the same transaction when the
    // outcome state changes.

    Task<Execution> VerifyExecutionAsync(VerifyExecutionParams p, CancellationToken ct);
    Task<Execution> MarkVerificationPendingAsync(MarkVerificationPendingParams p, CancellationToken ct);
    Task<Execution> UpdateEvidenceAsync(UpdateEvidenceParams p, CancellationToken ct);

    // Alerts and usage

    Task<AlertPage> ListAlertsAsync(ListAlertsParams p, CancellationToken ct);

    /// <summary>Active cues, and executions created since <c>MonthStart</c> that are still held (pruning forgets them).</summary>
    Task<TenantUsage> GetTenantUsageAsync(GetTenantUsageParams p, CancellationToken ct);

    // Cue effects: what the end of an execution does to its cue, applied by the leader following the event log.

    /// <summary>How far (a cursor over every tenant's events) the cue effects have been applied.</summary>
    Task<string> GetCueEffectsCursorAsync(CancellationToken ct);

    /// <summary>Moves the cursor only if it is still at <c>Expected</c>; false when another node moved it.</summary>
    Task<bool> SaveCueEffectsCursorAsync(SaveCueEffectsCursorParams p, CancellationToken ct);

    Task<CueEffectsResult> ApplyCueEffectsAsync(ApplyCueEffectsParams p, CancellationToken ct);

    // Leadership

    /// <summary>
    /// True when <c>NodeId</c> now holds the lease: it was free, expired, or already ours (then it is renewed).
    /// A holder that stops renewing is replaced once its TTL has passed.
    /// </summary>
    Task<bool> TryAcquireLeadershipAsync(AcquireLeadershipParams p, CancellationToken ct);

    /// <summary>Gives the lease up at once (graceful shutdown), if <c>NodeId</c> holds it.</summary>
    Task ResignLeadershipAsync(ResignLeadershipParams p, CancellationToken ct);

    // Workers

    /// <summary>Upserts the worker and extends the leases of every execution it holds.</summary>
    Task<WorkerHeartbeatResult> RecordWorkerHeartbeatAsync(RecordWorkerHeartbeatParams p, CancellationToken ct);
    Task<IReadOnlyList<Worker>> ListWorkersAsync(string tenantId, CancellationToken ct);
    Task<bool> DeleteWorkerAsync(string tenantId, string workerId, CancellationToken ct);
}
