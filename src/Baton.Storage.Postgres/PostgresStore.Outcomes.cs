using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Every decided change of a batch as one compare-and-set <c>UPDATE … FROM unnest(…)</c>, with the events of
    /// the rows it wrote inserted by the same statement (in report order), run as its own implicit transaction. The
    /// rows are locked first in <c>seq</c> order, so two overlapping batches cannot deadlock. A
    /// row is written only if its status and claim token are still those the decision read, and only if no younger
    /// transaction wrote its last event (the stream-order rule of <see cref="ApplyChangeSql"/>); a row that does not
    /// come back was changed since the read, and its reports are decided again.
    /// </summary>
    private static readonly string WriteChangesSql = $"""
        WITH c AS (
            SELECT * FROM unnest(@seq, @old_status, @old_claim_token, @status, @available_at, @attempts,
                @claimed_by_worker, @claim_token, @lease_expires_at, @next_retry, @error_message, @http_status,
                @outcome_success, @outcome_result, @outcome_error, @outcome_metadata, @outcome_recorded_at,
                @outcome_state, @evidence_external_id, @evidence_result_url, @evidence_result_ref,
                @evidence_result_type, @evidence_summary, @evidence_artifacts, @delivered_at, @cancelled_at,
                @cancel_reason, @finished_at)
            AS c(seq, old_status, old_claim_token, status, available_at, attempts, claimed_by_worker, claim_token,
                lease_expires_at, next_retry, error_message, http_status, outcome_success, outcome_result,
                outcome_error, outcome_metadata, outcome_recorded_at, outcome_state, evidence_external_id,
                evidence_result_url, evidence_result_ref, evidence_result_type, evidence_summary, evidence_artifacts,
                delivered_at, cancelled_at, cancel_reason, finished_at)),
        -- One row, joined to every change: no row is updated before all are locked, and the join costs nothing
        -- (joined on seq it was planned as a nested loop, 100 × 100 comparisons for a batch of 100).
        locked AS MATERIALIZED (
            SELECT count(*) AS n FROM (
                SELECT e.seq FROM executions e WHERE e.seq = ANY(@seq) ORDER BY e.seq FOR UPDATE) l),
        updated AS (
            UPDATE executions e SET
                status = c.status, available_at = c.available_at, attempts = c.attempts,
                claimed_by_worker = c.claimed_by_worker, claim_token = c.claim_token,
                lease_expires_at = c.lease_expires_at, next_retry = c.next_retry, error_message = c.error_message,
                http_status = c.http_status, outcome_success = c.outcome_success, outcome_result = c.outcome_result,
                outcome_error = c.outcome_error, outcome_metadata = c.outcome_metadata,
                outcome_recorded_at = c.outcome_recorded_at, outcome_state = c.outcome_state,
                evidence_external_id = c.evidence_external_id, evidence_result_url = c.evidence_result_url,
                evidence_result_ref = c.evidence_result_ref, evidence_result_type = c.evidence_result_type,
                evidence_summary = c.evidence_summary, evidence_artifacts = c.evidence_artifacts,
                delivered_at = c.delivered_at, cancelled_at = c.cancelled_at, cancel_reason = c.cancel_reason,
                finished_at = c.finished_at, updated_at = @now, last_event_tx = pg_current_xact_id()
            FROM c CROSS JOIN locked
            WHERE e.seq = c.seq AND e.status = c.old_status AND e.claim_token IS NOT DISTINCT FROM c.old_claim_token
              AND (e.last_event_tx IS NULL OR e.last_event_tx <= pg_current_xact_id())
            RETURNING {ExecutionRows.Columns}),
        outcome_events AS (
            INSERT INTO events (tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
            SELECT u.tenant_id, ev.type, u.id, u.run_id, u.cue_id, u.queue, u.status, @now, ev.data
            FROM unnest(@event_seq, @event_type, @event_data) WITH ORDINALITY AS ev(seq, type, data, n)
            JOIN updated u ON u.seq = ev.seq
            ORDER BY ev.n)
        SELECT * FROM updated
        """;

    /// <summary>
    /// A batch of outcomes in two round trips and no explicit transaction, whatever its size: read the rows, decide
    /// each report in memory with the same rules as a single outcome (a repeated id sees the earlier report's
    /// result), then write every change and its event in one statement (<see cref="WriteChangesSql"/>). Rows that
    /// changed between the read and the write (a lease expiry, a cancel, a concurrent report) are read and decided
    /// again, so each report is judged against the row it actually changes.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeResult>> RecordOutcomesAsync(RecordOutcomesParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        var results = new OutcomeResult[p.Reports.Count];
        var undecided = Enumerable.Range(0, p.Reports.Count).ToList();
        await using var c = await _dataSource.OpenConnectionAsync(ct);
        for (var round = 1; undecided.Count > 0; round++)
        {
            if (round > MaxOutcomeRounds)
            {
                throw new InvalidOperationException($"outcomes still contended after {MaxOutcomeRounds} rounds");
            }

            var read = await ReadExecutionsAsync(c, p.TenantId, undecided.Select(i => p.Reports[i].ExecutionId), ct);
            var decision = OutcomeBatch.Decide(read, p, undecided, results, now);
            if (decision.Changes.Count == 0) break;
            var written = await WriteChangesAsync(c, read, decision, now, ct);
            foreach (var (id, index) in decision.LastReport)
            {
                if (written.TryGetValue(id, out var after)) results[index] = results[index] with { Execution = after };
            }

            undecided = [.. undecided.Where(i => decision.Changes.ContainsKey(p.Reports[i].ExecutionId)
                && !written.ContainsKey(p.Reports[i].ExecutionId))];
        }

        return results;
    }

    private const int MaxOutcomeRounds = 10;

    private static async Task<Dictionary<Guid, Execution>> ReadExecutionsAsync(
        NpgsqlConnection c, string tenantId, IEnumerable<Guid> ids, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
                $"SELECT {ExecutionRows.Columns} FROM executions e WHERE e.tenant_id = @t AND e.id = ANY(@ids)", c)
            .With("@t", tenantId).With("@ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids.Distinct().ToArray());
        return (await ExecutionRows.ReadAllAsync(cmd, ct)).ToDictionary(e => e.Id);
    }

    /// <summary>
    /// Writes the changes Core decided (<see cref="ChangeBatch"/>) over the rows as <paramref name="read"/>, with
    /// their events, in one statement (<see cref="WriteChangesSql"/>); answers with the rows it wrote. Outcomes,
    /// the rescuer and the missed-window sweep all write through it.
    /// </summary>
    private static async Task<Dictionary<Guid, Execution>> WriteChangesAsync(
        NpgsqlConnection c, IReadOnlyDictionary<Guid, Execution> read, ChangeBatch decision, DateTimeOffset now,
        CancellationToken ct)
    {
        var originals = decision.Changes.Keys.Select(id => read[id]).ToArray();
        var changes = decision.Changes.Values.ToArray();
        await using var cmd = new NpgsqlCommand(WriteChangesSql, c);
        cmd.Parameters
            .Array("@seq", NpgsqlDbType.Bigint, originals.Select(e => e.Sequence))
            .Array("@old_status", NpgsqlDbType.Text, originals.Select(e => e.Status.ToName()))
            .Array("@old_claim_token", NpgsqlDbType.Text, originals.Select(e => e.ClaimToken))
            .Array("@status", NpgsqlDbType.Text, changes.Select(x => x.Status.ToName()))
            .Array("@available_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.Micros(x.AvailableAt)))
            .Array("@attempts", NpgsqlDbType.Integer, changes.Select(x => x.Attempts))
            .Array("@claimed_by_worker", NpgsqlDbType.Text, changes.Select(x => x.ClaimedByWorker))
            .Array("@claim_token", NpgsqlDbType.Text, changes.Select(x => x.ClaimToken))
            .Array("@lease_expires_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.LeaseExpiresAt)))
            .Array("@next_retry", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.NextRetry)))
            .Array("@error_message", NpgsqlDbType.Text, changes.Select(x => x.ErrorMessage))
            .Array("@http_status", NpgsqlDbType.Integer, changes.Select(x => x.HttpStatus))
            .Array("@outcome_success", NpgsqlDbType.Boolean, changes.Select(x => x.Outcome?.Success))
            .Array("@outcome_result", NpgsqlDbType.Text, changes.Select(x => x.Outcome?.Result))
            .Array("@outcome_error", NpgsqlDbType.Text, changes.Select(x => x.Outcome?.Error))
            .Array("@outcome_metadata", NpgsqlDbType.Text, changes.Select(x => x.Outcome?.MetadataJson))
            .Array("@outcome_recorded_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.Outcome?.RecordedAt)))
            .Array("@outcome_state", NpgsqlDbType.Text, changes.Select(x => x.OutcomeState))
            .Array("@evidence_external_id", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.ExternalId))
            .Array("@evidence_result_url", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.ResultUrl))
            .Array("@evidence_result_ref", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.ResultRef))
            .Array("@evidence_result_type", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.ResultType))
            .Array("@evidence_summary", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.Summary))
            .Array("@evidence_artifacts", NpgsqlDbType.Text, changes.Select(x => x.Evidence?.ArtifactsJson))
            .Array("@delivered_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.DeliveredAt)))
            .Array("@cancelled_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.CancelledAt)))
            .Array("@cancel_reason", NpgsqlDbType.Text, changes.Select(x => x.CancelReason))
            .Array("@finished_at", NpgsqlDbType.TimestampTz, changes.Select(x => Pg.NullableMicros(x.FinishedAt)))
            .Array("@event_seq", NpgsqlDbType.Bigint, decision.Events.Select(e => read[e.ExecutionId!.Value].Sequence))
            .Array("@event_type", NpgsqlDbType.Text, decision.Events.Select(e => e.Type))
            .Array("@event_data", NpgsqlDbType.Text, decision.Events.Select(e => e.DataJson));
        cmd.Parameters.With("@now", now);
        return (await ExecutionRows.ReadAllAsync(cmd, ct)).ToDictionary(e => e.Id);
    }
}
