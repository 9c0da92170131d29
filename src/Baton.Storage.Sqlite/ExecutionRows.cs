using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;
using C = Baton.Core.Storage.ExecutionColumn;

namespace Baton.Storage.Sqlite;

/// <summary>The executions column list every query returns, and the reader that maps it, kept side by side.</summary>
internal static class ExecutionRows
{
    public static readonly string Columns = ExecutionColumns.List("");

    public static Execution Read(SqliteDataReader r)
    {
        var outcome = r.IsDBNull((int)C.OutcomeSuccess)
            ? null
            : new ExecutionOutcome(
                r.GetInt64((int)C.OutcomeSuccess) != 0,
                r.NullableString((int)C.OutcomeResult),
                r.NullableString((int)C.OutcomeError),
                r.NullableString((int)C.OutcomeMetadata),
                Db.Time(r.GetInt64((int)C.OutcomeRecordedAt)));
        var evidence = new Evidence(
            r.NullableString((int)C.EvidenceExternalId),
            r.NullableString((int)C.EvidenceResultUrl),
            r.NullableString((int)C.EvidenceResultRef),
            r.NullableString((int)C.EvidenceResultType),
            r.NullableString((int)C.EvidenceSummary),
            r.NullableString((int)C.EvidenceArtifacts));
        return new Execution
        {
            Sequence = r.GetInt64((int)C.Seq),
            Id = Guid.Parse(r.GetString((int)C.Id)),
            TenantId = r.GetString((int)C.TenantId),
            CueId = r.NullableString((int)C.CueId),
            Status = ExecutionStatusNames.Parse(r.GetString((int)C.Status)),
            ScheduledFor = Db.Time(r.GetInt64((int)C.ScheduledFor)),
            AvailableAt = Db.Time(r.GetInt64((int)C.AvailableAt)),
            ExpiresAt = r.NullableTime((int)C.ExpiresAt),
            Title = r.NullableString((int)C.Title),
            Queue = r.GetString((int)C.Queue),
            Task = r.NullableString((int)C.Task),
            Agent = r.NullableString((int)C.Agent),
            Priority = r.GetInt32((int)C.Priority),
            RunId = r.NullableString((int)C.RunId),
            Tags = Db.Strings(r.GetString((int)C.Tags)),
            PayloadJson = r.GetString((int)C.Payload),
            Attempts = r.GetInt32((int)C.Attempts),
            MaxAttempts = r.GetInt32((int)C.MaxAttempts),
            BackoffSeconds = Db.Ints(r.GetString((int)C.BackoffSeconds)),
            NextRetry = r.NullableTime((int)C.NextRetry),
            ClaimedByWorker = r.NullableString((int)C.ClaimedByWorker),
            ClaimToken = r.NullableString((int)C.ClaimToken),
            LeaseSeconds = r.IsDBNull((int)C.LeaseSeconds) ? null : r.GetInt32((int)C.LeaseSeconds),
            LeaseExpiresAt = r.NullableTime((int)C.LeaseExpiresAt),
            LastHeartbeatAt = r.NullableTime((int)C.LastHeartbeatAt),
            ProgressJson = r.NullableString((int)C.Progress),
            HttpStatus = r.IsDBNull((int)C.HttpStatus) ? null : r.GetInt32((int)C.HttpStatus),
            ErrorMessage = r.NullableString((int)C.ErrorMessage),
            StartedAt = r.NullableTime((int)C.StartedAt),
            DeliveredAt = r.NullableTime((int)C.DeliveredAt),
            LastAttemptAt = r.NullableTime((int)C.LastAttemptAt),
            Outcome = outcome,
            OutcomeState = r.NullableString((int)C.OutcomeState),
            Evidence = evidence.IsEmpty ? null : evidence,
            TriggeredBy = r.GetString((int)C.TriggeredBy),
            ReplayedFrom = r.IsDBNull((int)C.ReplayedFrom) ? null : Guid.Parse(r.GetString((int)C.ReplayedFrom)),
            CancelledAt = r.NullableTime((int)C.CancelledAt),
            CancelReason = r.NullableString((int)C.CancelReason),
            IdempotencyKey = r.NullableString((int)C.IdempotencyKey),
            FinishedAt = r.NullableTime((int)C.FinishedAt),
            CreatedAt = Db.Time(r.GetInt64((int)C.CreatedAt)),
            UpdatedAt = Db.Time(r.GetInt64((int)C.UpdatedAt)),
            Transport = r.GetString((int)C.Transport),
            VerificationMode = r.GetString((int)C.VerificationMode),
            TraceParent = r.NullableString((int)C.TraceParent),
            TraceState = r.NullableString((int)C.TraceState),
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
