using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using C = Baton.Core.Storage.ExecutionColumn;

namespace Baton.Storage.Postgres;

/// <summary>The executions column list (as <c>e.</c>) every query returns, and the reader that maps it.</summary>
internal static class ExecutionRows
{
    public static readonly string Columns = ExecutionColumns.List("e.");

    public static Execution Read(NpgsqlDataReader r)
    {
        var outcome = r.IsDBNull((int)C.OutcomeSuccess)
            ? null
            : new ExecutionOutcome(
                r.GetBoolean((int)C.OutcomeSuccess),
                r.NullableString((int)C.OutcomeResult),
                r.NullableString((int)C.OutcomeError),
                r.NullableString((int)C.OutcomeMetadata),
                r.Time((int)C.OutcomeRecordedAt));
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
            Id = r.GetGuid((int)C.Id),
            TenantId = r.GetString((int)C.TenantId),
            CueId = r.NullableString((int)C.CueId),
            Status = ExecutionStatusNames.Parse(r.GetString((int)C.Status)),
            ScheduledFor = r.Time((int)C.ScheduledFor),
            AvailableAt = r.Time((int)C.AvailableAt),
            ExpiresAt = r.NullableTime((int)C.ExpiresAt),
            Title = r.NullableString((int)C.Title),
            Queue = r.GetString((int)C.Queue),
            Task = r.NullableString((int)C.Task),
            Agent = r.NullableString((int)C.Agent),
            Priority = r.GetInt32((int)C.Priority),
            RunId = r.NullableString((int)C.RunId),
            Tags = r.GetFieldValue<string[]>((int)C.Tags),
            PayloadJson = r.GetString((int)C.Payload),
            Attempts = r.GetInt32((int)C.Attempts),
            MaxAttempts = r.GetInt32((int)C.MaxAttempts),
            BackoffSeconds = r.GetFieldValue<int[]>((int)C.BackoffSeconds),
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
            ReplayedFrom = r.IsDBNull((int)C.ReplayedFrom) ? null : r.GetGuid((int)C.ReplayedFrom),
            CancelledAt = r.NullableTime((int)C.CancelledAt),
            CancelReason = r.NullableString((int)C.CancelReason),
            IdempotencyKey = r.NullableString((int)C.IdempotencyKey),
            FinishedAt = r.NullableTime((int)C.FinishedAt),
            CreatedAt = r.Time((int)C.CreatedAt),
            UpdatedAt = r.Time((int)C.UpdatedAt),
            Transport = r.GetString((int)C.Transport),
            VerificationMode = r.GetString((int)C.VerificationMode),
            TraceParent = r.NullableString((int)C.TraceParent),
            TraceState = r.NullableString((int)C.TraceState),
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
