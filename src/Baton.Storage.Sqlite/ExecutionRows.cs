using Baton.Core.Executions;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The executions column list every query returns, and the reader that maps it, kept side by side.</summary>
internal static class ExecutionRows
{
    public const string Columns =
        "seq, id, tenant_id, cue_id, status, scheduled_for, available_at, expires_at, title, queue, task, agent, " +
        "priority, run_id, tags, payload, attempts, max_attempts, backoff_seconds, next_retry, claimed_by_worker, " +
        "claim_token, lease_seconds, lease_expires_at, last_heartbeat_at, progress, http_status, error_message, " +
        "started_at, delivered_at, last_attempt_at, outcome_success, outcome_result, outcome_error, " +
        "outcome_metadata, outcome_recorded_at, outcome_state, evidence_external_id, evidence_result_url, " +
        "evidence_result_ref, evidence_result_type, evidence_summary, evidence_artifacts, triggered_by, " +
        "replayed_from, cancelled_at, cancel_reason, idempotency_key, finished_at, created_at, updated_at, " +
        "transport, verification_mode, trace_parent, trace_state";

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

    public static Execution Read(SqliteDataReader r)
    {
        var outcome = r.IsDBNull((int)Column.OutcomeSuccess)
            ? null
            : new ExecutionOutcome(
                r.GetInt64((int)Column.OutcomeSuccess) != 0,
                r.NullableString((int)Column.OutcomeResult),
                r.NullableString((int)Column.OutcomeError),
                r.NullableString((int)Column.OutcomeMetadata),
                Db.Time(r.GetInt64((int)Column.OutcomeRecordedAt)));
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
            Id = Guid.Parse(r.GetString((int)Column.Id)),
            TenantId = r.GetString((int)Column.TenantId),
            CueId = r.NullableString((int)Column.CueId),
            Status = ExecutionStatusNames.Parse(r.GetString((int)Column.Status)),
            ScheduledFor = Db.Time(r.GetInt64((int)Column.ScheduledFor)),
            AvailableAt = Db.Time(r.GetInt64((int)Column.AvailableAt)),
            ExpiresAt = r.NullableTime((int)Column.ExpiresAt),
            Title = r.NullableString((int)Column.Title),
            Queue = r.GetString((int)Column.Queue),
            Task = r.NullableString((int)Column.Task),
            Agent = r.NullableString((int)Column.Agent),
            Priority = r.GetInt32((int)Column.Priority),
            RunId = r.NullableString((int)Column.RunId),
            Tags = Db.Strings(r.GetString((int)Column.Tags)),
            PayloadJson = r.GetString((int)Column.Payload),
            Attempts = r.GetInt32((int)Column.Attempts),
            MaxAttempts = r.GetInt32((int)Column.MaxAttempts),
            BackoffSeconds = Db.Ints(r.GetString((int)Column.BackoffSeconds)),
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
            ReplayedFrom = r.IsDBNull((int)Column.ReplayedFrom) ? null : Guid.Parse(r.GetString((int)Column.ReplayedFrom)),
            CancelledAt = r.NullableTime((int)Column.CancelledAt),
            CancelReason = r.NullableString((int)Column.CancelReason),
            IdempotencyKey = r.NullableString((int)Column.IdempotencyKey),
            FinishedAt = r.NullableTime((int)Column.FinishedAt),
            CreatedAt = Db.Time(r.GetInt64((int)Column.CreatedAt)),
            UpdatedAt = Db.Time(r.GetInt64((int)Column.UpdatedAt)),
            Transport = r.GetString((int)Column.Transport),
            VerificationMode = r.GetString((int)Column.VerificationMode),
            TraceParent = r.NullableString((int)Column.TraceParent),
            TraceState = r.NullableString((int)Column.TraceState),
        };
    }

    public static List<Execution> ReadAll(SqliteCommand cmd)
    {
        var list = new List<Execution>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(Read(r));
        return list;
    }

    public static Execution? ReadOne(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }
}
