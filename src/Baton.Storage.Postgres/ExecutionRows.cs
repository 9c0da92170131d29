using Baton.Core.Executions;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>The executions column list (as <c>e.</c>) every query returns, and the reader that maps it.</summary>
internal static class ExecutionRows
{
    public const string Columns =
        "e.seq, e.id, e.tenant_id, e.cue_id, e.status, e.scheduled_for, e.available_at, e.expires_at, e.title, " +
        "e.queue, e.task, e.agent, e.priority, e.run_id, e.tags, e.payload, e.attempts, e.max_attempts, " +
        "e.backoff_seconds, e.next_retry, e.claimed_by_worker, e.claim_token, e.lease_seconds, e.lease_expires_at, " +
        "e.last_heartbeat_at, e.progress, e.http_status, e.error_message, e.started_at, e.delivered_at, " +
        "e.last_attempt_at, e.outcome_success, e.outcome_result, e.outcome_error, e.outcome_metadata, " +
        "e.outcome_recorded_at, e.outcome_state, e.evidence_external_id, e.evidence_result_url, " +
        "e.evidence_result_ref, e.evidence_result_type, e.evidence_summary, e.evidence_artifacts, e.triggered_by, " +
        "e.replayed_from, e.cancelled_at, e.cancel_reason, e.idempotency_key, e.finished_at, e.created_at, " +
        "e.updated_at, e.transport, e.verification_mode, e.trace_parent, e.trace_state";

    /// <summary>
    /// Each column's position in <see cref="Columns"/>, in the same order: the reader reads by these names, and a
    /// test checks them against the list, so a column added to one and not the other fails there, not at run time.
    /// </summary>
    internal enum Column
    {
        Seq,
        Id,
        TenantId,
        CueId,
        Status,
        ScheduledFor,
        AvailableAt,
        ExpiresAt,
        Title,
        Queue,
        Task,
        Agent,
        Priority,
        RunId,
        Tags,
        Payload,
        Attempts,
        MaxAttempts,
        BackoffSeconds,
        NextRetry,
        ClaimedByWorker,
        ClaimToken,
        LeaseSeconds,
        LeaseExpiresAt,
        LastHeartbeatAt,
        Progress,
        HttpStatus,
        ErrorMessage,
        StartedAt,
        DeliveredAt,
        LastAttemptAt,
        OutcomeSuccess,
        OutcomeResult,
        OutcomeError,
        OutcomeMetadata,
        OutcomeRecordedAt,
        OutcomeState,
        EvidenceExternalId,
        EvidenceResultUrl,
        EvidenceResultRef,
        EvidenceResultType,
        EvidenceSummary,
        EvidenceArtifacts,
        TriggeredBy,
        ReplayedFrom,
        CancelledAt,
        CancelReason,
        IdempotencyKey,
        FinishedAt,
        CreatedAt,
        UpdatedAt,
        Transport,
        VerificationMode,
        TraceParent,
        TraceState,
    }

    public static Execution Read(NpgsqlDataReader r)
    {
        var outcome = r.IsDBNull((int)Column.OutcomeSuccess)
            ? null
            : new ExecutionOutcome(
                r.GetBoolean((int)Column.OutcomeSuccess),
                r.NullableString((int)Column.OutcomeResult),
                r.NullableString((int)Column.OutcomeError),
                r.NullableString((int)Column.OutcomeMetadata),
                r.Time((int)Column.OutcomeRecordedAt));
        var evidence = new Evidence(
            r.NullableString((int)Column.EvidenceExternalId),
            r.NullableString((int)Column.EvidenceResultUrl),
            r.NullableString((int)Column.EvidenceResultRef),
            r.NullableString((int)Column.EvidenceResultType),
            r.NullableString((int)Column.EvidenceSummary),
            r.NullableString((int)Column.EvidenceArtifacts));
        return new Execution
        {
            Sequence = r.GetInt64((int)Column.Seq),
            Id = r.GetGuid((int)Column.Id),
            TenantId = r.GetString((int)Column.TenantId),
            CueId = r.NullableString((int)Column.CueId),
            Status = ExecutionStatusNames.Parse(r.GetString((int)Column.Status)),
            ScheduledFor = r.Time((int)Column.ScheduledFor),
            AvailableAt = r.Time((int)Column.AvailableAt),
            ExpiresAt = r.NullableTime((int)Column.ExpiresAt),
            Title = r.NullableString((int)Column.Title),
            Queue = r.GetString((int)Column.Queue),
            Task = r.NullableString((int)Column.Task),
            Agent = r.NullableString((int)Column.Agent),
            Priority = r.GetInt32((int)Column.Priority),
            RunId = r.NullableString((int)Column.RunId),
            Tags = r.GetFieldValue<string[]>((int)Column.Tags),
            PayloadJson = r.GetString((int)Column.Payload),
            Attempts = r.GetInt32((int)Column.Attempts),
            MaxAttempts = r.GetInt32((int)Column.MaxAttempts),
            BackoffSeconds = r.GetFieldValue<int[]>((int)Column.BackoffSeconds),
            NextRetry = r.NullableTime((int)Column.NextRetry),
            ClaimedByWorker = r.NullableString((int)Column.ClaimedByWorker),
            ClaimToken = r.NullableString((int)Column.ClaimToken),
            LeaseSeconds = r.IsDBNull((int)Column.LeaseSeconds) ? null : r.GetInt32((int)Column.LeaseSeconds),
            LeaseExpiresAt = r.NullableTime((int)Column.LeaseExpiresAt),
            LastHeartbeatAt = r.NullableTime((int)Column.LastHeartbeatAt),
            ProgressJson = r.NullableString((int)Column.Progress),
            HttpStatus = r.IsDBNull((int)Column.HttpStatus) ? null : r.GetInt32((int)Column.HttpStatus),
            ErrorMessage = r.NullableString((int)Column.ErrorMessage),
            StartedAt = r.NullableTime((int)Column.StartedAt),
            DeliveredAt = r.NullableTime((int)Column.DeliveredAt),
            LastAttemptAt = r.NullableTime((int)Column.LastAttemptAt),
            Outcome = outcome,
            OutcomeState = r.NullableString((int)Column.OutcomeState),
            Evidence = evidence.IsEmpty ? null : evidence,
            TriggeredBy = r.GetString((int)Column.TriggeredBy),
            ReplayedFrom = r.IsDBNull((int)Column.ReplayedFrom) ? null : r.GetGuid((int)Column.ReplayedFrom),
            CancelledAt = r.NullableTime((int)Column.CancelledAt),
            CancelReason = r.NullableString((int)Column.CancelReason),
            IdempotencyKey = r.NullableString((int)Column.IdempotencyKey),
            FinishedAt = r.NullableTime((int)Column.FinishedAt),
            CreatedAt = r.Time((int)Column.CreatedAt),
            UpdatedAt = r.Time((int)Column.UpdatedAt),
            Transport = r.GetString((int)Column.Transport),
            VerificationMode = r.GetString((int)Column.VerificationMode),
            TraceParent = r.NullableString((int)Column.TraceParent),
            TraceState = r.NullableString((int)Column.TraceState),
        };
    }

    public static async Task<List<Execution>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadAllAsync(r, ct);
    }

    /// <summary>The rows of the reader's current result (a batch moves on with <c>NextResultAsync</c>).</summary>
    public static async Task<List<Execution>> ReadAllAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var list = new List<Execution>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public static async Task<Execution?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }
}
