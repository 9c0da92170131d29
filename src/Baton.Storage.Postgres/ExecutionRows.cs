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

    public static Execution Read(NpgsqlDataReader r)
    {
        var outcome = r.IsDBNull(31)
            ? null
            : new ExecutionOutcome(r.GetBoolean(31), r.NullableString(32), r.NullableString(33),
                r.NullableString(34), r.Time(35));
        var evidence = new Evidence(r.NullableString(37), r.NullableString(38), r.NullableString(39),
            r.NullableString(40), r.NullableString(41), r.NullableString(42));
        return new Execution
        {
            Sequence = r.GetInt64(0),
            Id = r.GetGuid(1),
            TenantId = r.GetString(2),
            CueId = r.NullableString(3),
            Status = ExecutionStatusNames.Parse(r.GetString(4)),
            ScheduledFor = r.Time(5),
            AvailableAt = r.Time(6),
            ExpiresAt = r.NullableTime(7),
            Title = r.NullableString(8),
            Queue = r.GetString(9),
            Task = r.NullableString(10),
            Agent = r.NullableString(11),
            Priority = r.GetInt32(12),
            RunId = r.NullableString(13),
            Tags = r.GetFieldValue<string[]>(14),
            PayloadJson = r.GetString(15),
            Attempts = r.GetInt32(16),
            MaxAttempts = r.GetInt32(17),
            BackoffSeconds = r.GetFieldValue<int[]>(18),
            NextRetry = r.NullableTime(19),
            ClaimedByWorker = r.NullableString(20),
            ClaimToken = r.NullableString(21),
            LeaseSeconds = r.IsDBNull(22) ? null : r.GetInt32(22),
            LeaseExpiresAt = r.NullableTime(23),
            LastHeartbeatAt = r.NullableTime(24),
            ProgressJson = r.NullableString(25),
            HttpStatus = r.IsDBNull(26) ? null : r.GetInt32(26),
            ErrorMessage = r.NullableString(27),
            StartedAt = r.NullableTime(28),
            DeliveredAt = r.NullableTime(29),
            LastAttemptAt = r.NullableTime(30),
            Outcome = outcome,
            OutcomeState = r.NullableString(36),
            Evidence = evidence.IsEmpty ? null : evidence,
            TriggeredBy = r.GetString(43),
            ReplayedFrom = r.IsDBNull(44) ? null : r.GetGuid(44),
            CancelledAt = r.NullableTime(45),
            CancelReason = r.NullableString(46),
            IdempotencyKey = r.NullableString(47),
            FinishedAt = r.NullableTime(48),
            CreatedAt = r.Time(49),
            UpdatedAt = r.Time(50),
            Transport = r.GetString(51),
            VerificationMode = r.GetString(52),
            TraceParent = r.NullableString(53),
            TraceState = r.NullableString(54),
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
