using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The one statement every decided transition is written with: a compare-and-set on (status, claim_token).</summary>
    private static readonly string ApplyChangeSql = $"""
        UPDATE executions e SET
            status = @status, available_at = @available_at, attempts = @attempts,
            claimed_by_worker = @claimed_by_worker, claim_token = @claim_token, lease_expires_at = @lease_expires_at,
            next_retry = @next_retry, error_message = @error_message, http_status = @http_status,
            outcome_success = @outcome_success, outcome_result = @outcome_result, outcome_error = @outcome_error,
            outcome_metadata = @outcome_metadata, outcome_recorded_at = @outcome_recorded_at,
            outcome_state = @outcome_state,
            evidence_external_id = @evidence_external_id, evidence_result_url = @evidence_result_url,
            evidence_result_ref = @evidence_result_ref, evidence_result_type = @evidence_result_type,
            evidence_summary = @evidence_summary, evidence_artifacts = @evidence_artifacts,
            delivered_at = @delivered_at, cancelled_at = @cancelled_at, cancel_reason = @cancel_reason,
            finished_at = @finished_at, updated_at = @now, last_event_tx = pg_current_xact_id()
        WHERE e.seq = @seq AND e.status = @old_status AND e.claim_token IS NOT DISTINCT FROM @old_claim_token
          AND (e.last_event_tx IS NULL OR e.last_event_tx <= pg_current_xact_id())
        RETURNING {ExecutionRows.Columns}
        """;

    /// <summary>
    /// The one insert of new executions: every row given, with its <c>execution.created</c> event (data as
    /// <see cref="NewEvent.For"/> builds it: attempt and task), in one statement over <c>unnest(…)</c> arrays. Rows
    /// get <c>seq</c>, and their events ids, in request order. Tags and backoff differ in length per row, so they
    /// travel flattened, each row taking its slice <c>[from:to]</c> (an empty slice is an empty array).
    /// </summary>
    private static readonly string InsertExecutionsWithEventsSql = $"""
        WITH r AS (
            SELECT * FROM unnest(@id, @cue_id, @scheduled_for, @expires_at, @title, @queue, @task, @agent, @priority,
                @run_id, @payload, @max_attempts, @triggered_by, @replayed_from, @idempotency_key, @transport,
                @verification_mode, @trace_parent, @trace_state, @tags_from, @tags_to, @backoff_from, @backoff_to)
            WITH ORDINALITY AS r(id, cue_id, scheduled_for, expires_at, title, queue, task, agent, priority, run_id,
                payload, max_attempts, triggered_by, replayed_from, idempotency_key, transport, verification_mode,
                trace_parent, trace_state, tags_from, tags_to, backoff_from, backoff_to, n)),
        inserted AS (
            INSERT INTO executions AS e (id, tenant_id, cue_id, status, scheduled_for, available_at, expires_at, title,
                queue, task, agent, priority, run_id, tags, payload, attempts, max_attempts, backoff_seconds,
                triggered_by, replayed_from, idempotency_key, created_at, updated_at, transport, verification_mode,
                trace_parent, trace_state)
            SELECT r.id, @tenant, r.cue_id, 'pending', r.scheduled_for, r.scheduled_for, r.expires_at, r.title, r.queue,
                r.task, r.agent, r.priority, r.run_id, @tags[r.tags_from:r.tags_to], r.payload, 0, r.max_attempts,
                @backoff[r.backoff_from:r.backoff_to], r.triggered_by, r.replayed_from, r.idempotency_key, @now, @now,
                r.transport, r.verification_mode, r.trace_parent, r.trace_state
            FROM r ORDER BY r.n
            RETURNING {ExecutionRows.Columns}),
        created_event AS (
            INSERT INTO events (tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
            SELECT e.tenant_id, '{EventTypes.ExecutionCreated}', e.id, e.run_id, e.cue_id, e.queue, e.status, e.created_at,
                '{"{"}"attempt":' || e.attempts || ',"task":' || coalesce(to_json(e.task)::text, 'null') || '{"}"}'
            FROM inserted e ORDER BY e.seq)
        SELECT * FROM inserted ORDER BY seq
        """;

    public Task<EnqueueResult> EnqueueExecutionsAsync(EnqueueExecutionsParams p, CancellationToken ct) =>
        p.Executions.Any(e => e.IdempotencyKey is not null)
            ? InTransactionAsync(async (c, tx) =>
            {
                var result = await EnqueueInTransactionAsync(c, tx, p, ct);
                if (p.HandOff is not { } claim) return result;
                await using var batch = new NpgsqlBatch(c, tx) { BatchCommands = { ClaimCommand(claim, afterOwnWrites: true) } };
                await using var r = await batch.ExecuteReaderAsync(ct);
                return result with { HandedOff = ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(r, ct)) };
            }, ct)
            : EnqueueWithoutKeysAsync(p, ct);

    /// <summary>
    /// Without idempotency keys nothing needs deciding between rows, so the whole batch is one statement (see
    /// <see cref="InsertExecutionsWithEventsSql"/>) and one implicit transaction, a hand-off claim included (a
    /// batch of statements runs in one implicit transaction: both commit, or neither). It was one pipelined
    /// statement per row, 139 ms for 1,000 rows; this statement takes 59 ms (bench/analysis.md, session 4).
    /// </summary>
    private async Task<EnqueueResult> EnqueueWithoutKeysAsync(EnqueueExecutionsParams p, CancellationToken ct)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(InsertCommand(p.TenantId, p.Executions, Now(p.Now)));
        if (p.HandOff is { } claim) batch.BatchCommands.Add(ClaimCommand(claim, afterOwnWrites: true));
        await using var r = await batch.ExecuteReaderAsync(ct);
        var executions = await ExecutionRows.ReadAllAsync(r, ct);
        IReadOnlyList<Execution> handedOff = await r.NextResultAsync(ct)
            ? ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(r, ct))
            : [];
        return new EnqueueResult(executions, [.. executions.Select(_ => false)]) { HandedOff = handedOff };
    }

    /// <summary>The insert of <paramref name="rows"/> and their created events, bound.</summary>
    private static NpgsqlBatchCommand InsertCommand(string tenantId, IReadOnlyList<NewExecution> rows, DateTimeOffset now)
    {
        var (tagsFrom, tagsTo) = Slices(rows.Select(e => e.Tags.Count));
        var (backoffFrom, backoffTo) = Slices(rows.Select(e => e.BackoffSeconds.Count));
        var cmd = new NpgsqlBatchCommand(InsertExecutionsWithEventsSql);
        cmd.Parameters.With("@tenant", tenantId).With("@now", now)
            .Array("@id", NpgsqlDbType.Uuid, rows.Select(e => e.Id))
            .Array("@cue_id", NpgsqlDbType.Text, rows.Select(e => e.CueId))
            .Array("@scheduled_for", NpgsqlDbType.TimestampTz, rows.Select(e => Pg.Micros(e.ScheduledFor)))
            .Array("@expires_at", NpgsqlDbType.TimestampTz, rows.Select(e => Pg.NullableMicros(e.ExpiresAt)))
            .Array("@title", NpgsqlDbType.Text, rows.Select(e => e.Title))
            .Array("@queue", NpgsqlDbType.Text, rows.Select(e => e.Queue))
            .Array("@task", NpgsqlDbType.Text, rows.Select(e => e.Task))
            .Array("@agent", NpgsqlDbType.Text, rows.Select(e => e.Agent))
            .Array("@priority", NpgsqlDbType.Integer, rows.Select(e => e.Priority))
            .Array("@run_id", NpgsqlDbType.Text, rows.Select(e => e.RunId))
            .Array("@payload", NpgsqlDbType.Text, rows.Select(e => e.PayloadJson))
            .Array("@max_attempts", NpgsqlDbType.Integer, rows.Select(e => e.MaxAttempts))
            .Array("@triggered_by", NpgsqlDbType.Text, rows.Select(e => e.TriggeredBy))
            .Array("@replayed_from", NpgsqlDbType.Uuid, rows.Select(e => e.ReplayedFrom))
            .Array("@idempotency_key", NpgsqlDbType.Text, rows.Select(e => e.IdempotencyKey))
            .Array("@transport", NpgsqlDbType.Text, rows.Select(e => e.Transport))
            .Array("@verification_mode", NpgsqlDbType.Text, rows.Select(e => e.VerificationMode))
            .Array("@trace_parent", NpgsqlDbType.Text, rows.Select(e => e.TraceParent))
            .Array("@trace_state", NpgsqlDbType.Text, rows.Select(e => e.TraceState))
            .Array("@tags", NpgsqlDbType.Text, rows.SelectMany(e => e.Tags))
            .Array("@tags_from", NpgsqlDbType.Integer, tagsFrom).Array("@tags_to", NpgsqlDbType.Integer, tagsTo)
            .Array("@backoff", NpgsqlDbType.Integer, rows.SelectMany(e => e.BackoffSeconds))
            .Array("@backoff_from", NpgsqlDbType.Integer, backoffFrom)
            .Array("@backoff_to", NpgsqlDbType.Integer, backoffTo);
        return cmd;
    }

    /// <summary>Each row's 1-based inclusive bounds in the flattened array of all rows' items.</summary>
    private static (int[] From, int[] To) Slices(IEnumerable<int> counts)
    {
        var from = new List<int>();
        var to = new List<int>();
        var next = 1;
        foreach (var count in counts)
        {
            from.Add(next);
            next += count;
            to.Add(next - 1);
        }

        return ([.. from], [.. to]);
    }

    /// <summary>The enqueue itself, inside a caller's transaction (a cue fire adds its own rows to it).</summary>
    private async Task<EnqueueResult> EnqueueInTransactionAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, EnqueueExecutionsParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        var executions = new List<Execution>(p.Executions.Count);
        var existing = new List<bool>(p.Executions.Count);
        foreach (var e in p.Executions)
        {
            if (e.IdempotencyKey is not null && await ClaimIdempotencyKeyAsync(c, tx, p.TenantId, e, now, ct) is { } earlier)
            {
                executions.Add(earlier);
                existing.Add(true);
                continue;
            }

            // Row by row, each right after its key: a later row of this batch with the same key finds this one.
            await using var insert = new NpgsqlBatch(c, tx) { BatchCommands = { InsertCommand(p.TenantId, [e], now) } };
            await using var r = await insert.ExecuteReaderAsync(ct);
            executions.Add((await ExecutionRows.ReadAllAsync(r, ct))[0]);
            existing.Add(false);
        }

        return new EnqueueResult(executions, existing);
    }

    /// <summary>
    /// Takes the idempotency key for <paramref name="e"/>, or returns the execution an earlier identical request
    /// made with it (throwing on a different request). The insert's unique-key wait makes two concurrent requests
    /// with one key resolve to one execution. A key whose execution was pruned is taken over.
    /// </summary>
    private async Task<Execution?> ClaimIdempotencyKeyAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, NewExecution e, DateTimeOffset now, CancellationToken ct)
    {
        await using (var take = new NpgsqlCommand("""
                             INSERT INTO idempotency_keys (tenant_id, key, request_hash, execution_id, created_at)
                             VALUES (@t, @k, @h, @e, @now) ON CONFLICT (tenant_id, key) DO NOTHING
                             """, c, tx)
                         .With("@t", tenantId).With("@k", e.IdempotencyKey).With("@h", e.RequestHash ?? "")
                         .With("@e", e.Id).With("@now", now))
        {
            if (await take.ExecuteNonQueryAsync(ct) == 1) return null;
        }

        string hash;
        Guid executionId;
        await using (var find = new NpgsqlCommand(
                             "SELECT request_hash, execution_id FROM idempotency_keys WHERE tenant_id = @t AND key = @k FOR UPDATE",
                             c, tx)
                         .With("@t", tenantId).With("@k", e.IdempotencyKey))
        await using (var r = await find.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (hash, executionId) = (r.GetString(0), r.GetGuid(1));
        }

        var earlier = await ReadForUpdateAsync(c, tx, tenantId, executionId, ct);
        if (earlier is null)
        {
            await using var takeOver = new NpgsqlCommand("""
                    UPDATE idempotency_keys SET request_hash = @h, execution_id = @e, created_at = @now
                    WHERE tenant_id = @t AND key = @k
                    """, c, tx)
                .With("@t", tenantId).With("@k", e.IdempotencyKey).With("@h", e.RequestHash ?? "")
                .With("@e", e.Id).With("@now", now);
            await takeOver.ExecuteNonQueryAsync(ct);
            return null;
        }

        if (hash != (e.RequestHash ?? "")) throw Errors.IdempotencyKeyConflict(e.IdempotencyKey!);
        return earlier;
    }

    public async Task<Execution?> GetExecutionAsync(GetExecutionParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand(
                $"SELECT {ExecutionRows.Columns} FROM executions e WHERE e.id = @id AND e.tenant_id = @t")
            .With("@id", p.ExecutionId).With("@t", p.TenantId);
        return await ExecutionRows.ReadOneAsync(cmd, ct);
    }

    public async Task<ExecutionPage> ListExecutionsAsync(ListExecutionsParams p, CancellationToken ct)
    {
        await using var list = _dataSource.CreateCommand();
        list.CommandText = $"SELECT {ExecutionRows.Columns} FROM executions e WHERE e.tenant_id = @t" +
                           FilterSql.For(p, list, includeStatus: true) +
                           " ORDER BY e.seq DESC LIMIT @limit OFFSET @offset";
        list.With("@t", p.TenantId).With("@limit", p.Limit).With("@offset", p.Offset);
        var items = await ExecutionRows.ReadAllAsync(list, ct);

        await using var count = _dataSource.CreateCommand();
        count.CommandText = "SELECT e.status, count(*) FROM executions e WHERE e.tenant_id = @t" +
                            FilterSql.For(p, count, includeStatus: false) + " GROUP BY e.status";
        count.With("@t", p.TenantId);
        var byStatus = new Dictionary<ExecutionStatus, long>();
        await using (var r = await count.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) byStatus[ExecutionStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        }

        var total = p.Statuses.Count == 0
            ? byStatus.Values.Sum()
            : p.Statuses.Distinct().Sum(s => byStatus.GetValueOrDefault(s));
        return new ExecutionPage(items, total, ExecutionCounts.From(byStatus));
    }

    public async Task<IReadOnlyList<Execution>> ListClaimableAsync(ListClaimableParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand();
        cmd.CommandText = $"SELECT {ExecutionRows.Columns} FROM executions e WHERE {ClaimableTerms}" +
                          FilterSql.For(p.Filter, cmd.Parameters) + " ORDER BY e.priority DESC, e.available_at, e.seq LIMIT @limit";
        cmd.With("@t", p.TenantId).With("@now", Now(p.Now)).With("@limit", p.Limit);
        return await ExecutionRows.ReadAllAsync(cmd, ct);
    }

    public async Task<QueueStats> GetQueueStatsAsync(GetQueueStatsParams p, CancellationToken ct)
    {
        var at = Now(p.Now);
        await using var cmd = _dataSource.CreateCommand("""
                SELECT
                    (SELECT count(*) FROM executions WHERE status = 'pending'),
                    (SELECT count(*) FROM executions WHERE status = 'delivering'),
                    (SELECT count(*) FROM executions WHERE status = 'retrying'),
                    (SELECT min(available_at) FROM executions
                     WHERE status IN ('pending', 'retrying') AND available_at <= @now)
                """).With("@now", at);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        double? oldest = r.IsDBNull(3) ? null : (at - r.Time(3)).TotalSeconds;
        return new QueueStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), oldest);
    }

    /// <summary>
    /// Locks the row, lets <paramref name="decide"/> apply the rules, and writes the change as a compare-and-set
    /// on what was read. The row lock makes the CAS succeed; it stays so a wrong decision can never land.
    /// </summary>
    private async Task<Execution> TransitionAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Func<Execution?, ExecutionChange> decide,
        DateTimeOffset now, CancellationToken ct, string? eventType = null)
    {
        var current = await ReadForUpdateAsync(c, tx, tenantId, id, ct);
        var change = decide(current);
        await using var cmd = new NpgsqlCommand(ApplyChangeSql, c, tx);
        BindChange(cmd.Parameters, change).With("@seq", current!.Sequence).With("@old_status", current.Status.ToName())
            .With("@old_claim_token", NpgsqlDbType.Text, current.ClaimToken).With("@now", now);
        // We hold the row lock, so the compare-and-set on status and token holds; no row means our transaction
        // id is older than the last event writer's.
        var after = await ExecutionRows.ReadOneAsync(cmd, ct) ?? throw new StaleTransactionException();
        if (after.Status != current.Status)
        {
            await InsertEventsAsync(c, tx, [NewEvent.For(after, eventType ?? EventTypes.ForStatus(after.Status), now)], ct);
        }

        return after;
    }

    private static async Task<Execution?> ReadForUpdateAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
                $"SELECT {ExecutionRows.Columns} FROM executions e WHERE e.id = @id AND e.tenant_id = @t FOR UPDATE", c, tx)
            .With("@id", id).With("@t", tenantId);
        return await ExecutionRows.ReadOneAsync(cmd, ct);
    }

    private static NpgsqlParameterCollection BindChange(NpgsqlParameterCollection parameters, ExecutionChange c) =>
        parameters.With("@status", c.Status.ToName()).With("@available_at", Pg.Micros(c.AvailableAt))
            .With("@attempts", c.Attempts).With("@claimed_by_worker", NpgsqlDbType.Text, c.ClaimedByWorker)
            .With("@claim_token", NpgsqlDbType.Text, c.ClaimToken)
            .With("@lease_expires_at", NpgsqlDbType.TimestampTz, Pg.Micros(c.LeaseExpiresAt))
            .With("@next_retry", NpgsqlDbType.TimestampTz, Pg.Micros(c.NextRetry))
            .With("@error_message", NpgsqlDbType.Text, c.ErrorMessage)
            .With("@http_status", NpgsqlDbType.Integer, c.HttpStatus)
            .With("@outcome_success", NpgsqlDbType.Boolean, c.Outcome?.Success)
            .With("@outcome_result", NpgsqlDbType.Text, c.Outcome?.Result)
            .With("@outcome_error", NpgsqlDbType.Text, c.Outcome?.Error)
            .With("@outcome_metadata", NpgsqlDbType.Text, c.Outcome?.MetadataJson)
            .With("@outcome_recorded_at", NpgsqlDbType.TimestampTz, Pg.Micros(c.Outcome?.RecordedAt))
            .With("@outcome_state", NpgsqlDbType.Text, c.OutcomeState)
            .With("@evidence_external_id", NpgsqlDbType.Text, c.Evidence?.ExternalId)
            .With("@evidence_result_url", NpgsqlDbType.Text, c.Evidence?.ResultUrl)
            .With("@evidence_result_ref", NpgsqlDbType.Text, c.Evidence?.ResultRef)
            .With("@evidence_result_type", NpgsqlDbType.Text, c.Evidence?.ResultType)
            .With("@evidence_summary", NpgsqlDbType.Text, c.Evidence?.Summary)
            .With("@evidence_artifacts", NpgsqlDbType.Text, c.Evidence?.ArtifactsJson)
            .With("@delivered_at", NpgsqlDbType.TimestampTz, Pg.Micros(c.DeliveredAt))
            .With("@cancelled_at", NpgsqlDbType.TimestampTz, Pg.Micros(c.CancelledAt))
            .With("@cancel_reason", NpgsqlDbType.Text, c.CancelReason)
            .With("@finished_at", NpgsqlDbType.TimestampTz, Pg.Micros(c.FinishedAt));

    public Task<Execution> ReleaseExecutionAsync(ReleaseExecutionParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) => TransitionAsync(c, tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideRelease(current, p.WorkerId, p.ClaimToken), Now(p.Now), ct,
            EventTypes.ExecutionReleased), ct);

    public Task<Execution> CancelExecutionAsync(CancelExecutionParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) =>
        {
            var now = Now(p.Now);
            return TransitionAsync(c, tx, p.TenantId, p.ExecutionId,
                current => ExecutionRules.DecideCancel(current, p.WorkerId, p.Reason, p.Force, now), now, ct);
        }, ct);
}
