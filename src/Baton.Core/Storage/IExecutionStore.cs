using Baton.Core.Executions;

namespace Baton.Core.Storage;

/// <summary>
/// Executions through their life: enqueue, claim (by workers and by the webhook dispatcher), heartbeat, outcome,
/// release, cancel and verification. Every transition is a compare-and-set on the (status, claim_token) it was
/// decided from, using <see cref="ExecutionRules"/>.
/// </summary>
public interface IExecutionStore
{
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
    Task<QueueStats> GetQueueStatsAsync(GetQueueStatsParams p, CancellationToken ct);

    /// <summary>
    /// The webhook dispatcher's claim, across tenants: due webhook executions in claim order, with the same
    /// compare-and-set (and SKIP LOCKED on PostgreSQL) as a worker claim, so several nodes never take one twice.
    /// Worker claims never see these executions.
    /// </summary>
    Task<IReadOnlyList<Execution>> ClaimWebhookExecutionsAsync(ClaimWebhookExecutionsParams p, CancellationToken ct);

    // Verification: changes only the verification fields of a finished execution (docs/state-machine.md), decided by
    // ExecutionRules and written as a compare-and-set, with execution.verified in the same transaction when the
    // outcome state changes.

    Task<Execution> VerifyExecutionAsync(VerifyExecutionParams p, CancellationToken ct);
    Task<Execution> MarkVerificationPendingAsync(MarkVerificationPendingParams p, CancellationToken ct);
    Task<Execution> UpdateEvidenceAsync(UpdateEvidenceParams p, CancellationToken ct);
}
