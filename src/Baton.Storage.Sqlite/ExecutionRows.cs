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

    public static Execution Read(SqliteDataReader r)
    {
        var outcome = r.IsDBNull(31)
            ? null
            : new ExecutionOutcome(r.GetInt64(31) != 0, r.NullableString(32), r.NullableString(33),
                r.NullableString(34), Db.Time(r.GetInt64(35)));
        var evidence = new Evidence(r.NullableString(37), r.NullableString(38), r.NullableString(39),
            r.NullableString(40), r.NullableString(41), r.NullableString(42));
        return new Execution
        {
            Sequence = r.GetInt64(0),
            Id = Guid.Parse(r.GetString(1)),
            TenantId = r.GetString(2),
            CueId = r.NullableString(3),
            Status = ExecutionStatusNames.Parse(r.GetString(4)),
            ScheduledFor = Db.Time(r.GetInt64(5)),
            AvailableAt = Db.Time(r.GetInt64(6)),
            ExpiresAt = r.NullableTime(7),
            Title = r.NullableString(8),
            Queue = r.GetString(9),
            Task = r.NullableString(10),
            Agent = r.NullableString(11),
            Priority = r.GetInt32(12),
            RunId = r.NullableString(13),
            Tags = Db.Strings(r.GetString(14)),
            PayloadJson = r.GetString(15),
            Attempts = r.GetInt32(16),
            MaxAttempts = r.GetInt32(17),
            BackoffSeconds = Db.Ints(r.GetString(18)),
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
            ReplayedFrom = r.IsDBNull(44) ? null : Guid.Parse(r.GetString(44)),
            CancelledAt = r.NullableTime(45),
            CancelReason = r.NullableString(46),
            IdempotencyKey = r.NullableString(47),
            FinishedAt = r.NullableTime(48),
            CreatedAt = Db.Time(r.GetInt64(49)),
            UpdatedAt = Db.Time(r.GetInt64(50)),
            Transport = r.GetString(51),
            VerificationMode = r.GetString(52),
            TraceParent = r.NullableString(53),
            TraceState = r.NullableString(54),
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
