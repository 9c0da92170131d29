using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private static readonly string InsertExecutionSql = $"""
        INSERT INTO executions (id, tenant_id, cue_id, status, scheduled_for, available_at, expires_at, title, queue,
            task, agent, priority, run_id, tags, payload, attempts, max_attempts, backoff_seconds, triggered_by,
            replayed_from, idempotency_key, created_at, updated_at, transport, verification_mode, trace_parent,
            trace_state)
        VALUES ($id, $tenant, $cue_id, 'pending', $scheduled_for, $scheduled_for, $expires_at, $title, $queue,
            $task, $agent, $priority, $run_id, $tags, $payload, 0, $max_attempts, $backoff, $triggered_by,
            $replayed_from, $idempotency_key, $now, $now, $transport, $verification_mode, $trace_parent, $trace_state)
        RETURNING {ExecutionRows.Columns}
        """;

    /// <summary>
    /// The one statement every decided transition is written with, a batch of them at once (<see cref="JsonRows"/>,
    /// in <see cref="ChangeRow"/>'s order): each a compare-and-set on the (status, claim_token) it was decided from.
    /// </summary>
    private const string ApplyChangesSql = """
        UPDATE executions SET
            status = c.value->>2, available_at = c.value->>3, attempts = c.value->>4,
            claimed_by_worker = c.value->>5, claim_token = c.value->>6, lease_expires_at = c.value->>7,
            next_retry = c.value->>8, error_message = c.value->>9, http_status = c.value->>10,
            outcome_success = c.value->>11, outcome_result = c.value->>12, outcome_error = c.value->>13,
            outcome_metadata = c.value->>14, outcome_recorded_at = c.value->>15, outcome_state = c.value->>16,
            evidence_external_id = c.value->>17, evidence_result_url = c.value->>18,
            evidence_result_ref = c.value->>19, evidence_result_type = c.value->>20,
            evidence_summary = c.value->>21, evidence_artifacts = c.value->>22,
            delivered_at = c.value->>23, cancelled_at = c.value->>24, cancel_reason = c.value->>25,
            finished_at = c.value->>26, updated_at = $now
        FROM jsonb_each($changes) AS c
        WHERE executions.seq = c.value->>0 AND executions.status = c.value->>1
          AND executions.claim_token IS c.value->>27
        """;

    public Task<EnqueueResult> EnqueueExecutionsAsync(EnqueueExecutionsParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var result = EnqueueInTransaction(tx, p);
            return p.HandOff is { } claim ? result with { HandedOff = ClaimInTransaction(tx, claim) } : result;
        }, ct);

    /// <summary>The enqueue itself, inside a caller's write transaction (a cue fire adds its own rows to it).</summary>
    private EnqueueResult EnqueueInTransaction(SqliteTransaction tx, EnqueueExecutionsParams p)
    {
        var now = Db.Micros(Now(p.Now));
        var executions = new List<Execution>(p.Executions.Count);
        var existing = new List<bool>(p.Executions.Count);
        var insert = PreparedWriteCommand(tx, InsertExecutionSql);
        foreach (var e in p.Executions)
        {
            if (e.IdempotencyKey is not null && FindByIdempotencyKey(tx, p.TenantId, e) is { } earlier)
            {
                executions.Add(earlier);
                existing.Add(true);
                continue;
            }

            insert.Parameters.Clear();
            insert.With("$id", e.Id.ToString("D")).With("$tenant", p.TenantId).With("$cue_id", e.CueId)
                .With("$scheduled_for", Db.Micros(e.ScheduledFor)).With("$expires_at", Db.Micros(e.ExpiresAt))
                .With("$title", e.Title).With("$queue", e.Queue).With("$task", e.Task).With("$agent", e.Agent)
                .With("$priority", e.Priority).With("$run_id", e.RunId).With("$tags", Db.Json(e.Tags))
                .With("$payload", e.PayloadJson).With("$max_attempts", e.MaxAttempts)
                .With("$backoff", Db.Json(e.BackoffSeconds)).With("$triggered_by", e.TriggeredBy)
                .With("$replayed_from", e.ReplayedFrom?.ToString("D")).With("$idempotency_key", e.IdempotencyKey)
                .With("$now", now).With("$transport", e.Transport).With("$verification_mode", e.VerificationMode)
                .With("$trace_parent", e.TraceParent).With("$trace_state", e.TraceState);
            var inserted = ExecutionRows.ReadOne(insert)!;
            if (e.IdempotencyKey is not null)
            {
                using var key = WriteCommand(tx, """
                            INSERT INTO idempotency_keys (tenant_id, key, request_hash, execution_id, created_at)
                            VALUES ($t, $k, $h, $e, $now)
                            ON CONFLICT (tenant_id, key) DO UPDATE SET
                                request_hash = excluded.request_hash, execution_id = excluded.execution_id,
                                created_at = excluded.created_at
                            """)
                    .With("$t", p.TenantId).With("$k", e.IdempotencyKey).With("$h", e.RequestHash ?? "")
                    .With("$e", inserted.Id.ToString("D")).With("$now", now);
                key.ExecuteNonQuery();
            }

            executions.Add(inserted);
            existing.Add(false);
        }

        InsertEvents(tx, executions.Where((_, i) => !existing[i])
            .Select(e => NewEvent.For(e, EventTypes.ExecutionCreated, e.CreatedAt)));
        return new EnqueueResult(executions, existing);
    }

    /// <summary>
    /// The execution an earlier identical request made with this key; throws on a different request. A key whose
    /// execution was pruned is free again.
    /// </summary>
    private Execution? FindByIdempotencyKey(SqliteTransaction tx, string tenantId, NewExecution e)
    {
        string hash, executionId;
        using (var find = WriteCommand(tx,
                       "SELECT request_hash, execution_id FROM idempotency_keys WHERE tenant_id = $t AND key = $k")
                   .With("$t", tenantId).With("$k", e.IdempotencyKey))
        using (var r = find.ExecuteReader())
        {
            if (!r.Read()) return null;
            (hash, executionId) = (r.GetString(0), r.GetString(1));
        }

        var earlier = ReadForUpdate(tx, tenantId, Guid.Parse(executionId));
        if (earlier is null) return null;
        if (hash != (e.RequestHash ?? "")) throw Errors.IdempotencyKeyConflict(e.IdempotencyKey!);
        return earlier;
    }

    public Task<Execution?> GetExecutionAsync(GetExecutionParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"SELECT {ExecutionRows.Columns} FROM executions WHERE id = $id AND tenant_id = $t")
            .With("$id", p.ExecutionId.ToString("D")).With("$t", p.TenantId);
        return Task.FromResult(ExecutionRows.ReadOne(cmd));
    }

    public Task<ExecutionPage> ListExecutionsAsync(ListExecutionsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var list = Db.Command(c, "");
        list.CommandText = $"SELECT {ExecutionRows.Columns} FROM executions WHERE tenant_id = $t" +
                           ClaimFilterSql.For(p, list, includeStatus: true) +
                           $" ORDER BY seq DESC LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}";
        list.With("$t", p.TenantId);
        var items = ExecutionRows.ReadAll(list);

        using var count = Db.Command(c, "");
        count.CommandText = "SELECT status, count(*) FROM executions WHERE tenant_id = $t" +
                            ClaimFilterSql.For(p, count, includeStatus: false) + " GROUP BY status";
        count.With("$t", p.TenantId);
        var byStatus = new Dictionary<ExecutionStatus, long>();
        using (var r = count.ExecuteReader())
        {
            while (r.Read()) byStatus[ExecutionStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        }

        var total = p.Statuses.Count == 0
            ? byStatus.Values.Sum()
            : p.Statuses.Distinct().Sum(s => byStatus.GetValueOrDefault(s));
        return Task.FromResult(new ExecutionPage(items, total, ExecutionCounts.From(byStatus)));
    }

    public Task<IReadOnlyList<Execution>> ListClaimableAsync(ListClaimableParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "");
        cmd.CommandText = $"SELECT {ExecutionRows.Columns} FROM executions WHERE {ClaimableTerms}" +
                          ClaimFilterSql.For(p.Filter, cmd) + " ORDER BY priority DESC, available_at, seq LIMIT " + Db.Count(p.Limit);
        cmd.With("$t", p.TenantId).With("$now", Db.Micros(Now(p.Now)));
        return Task.FromResult<IReadOnlyList<Execution>>(ExecutionRows.ReadAll(cmd));
    }

    public Task<QueueStats> GetQueueStatsAsync(GetQueueStatsParams p, CancellationToken ct)
    {
        var at = Db.Micros(Now(p.Now));
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT
                    (SELECT count(*) FROM executions WHERE status = 'pending'),
                    (SELECT count(*) FROM executions WHERE status = 'delivering'),
                    (SELECT count(*) FROM executions WHERE status = 'retrying'),
                    (SELECT min(available_at) FROM executions
                     WHERE status IN ('pending', 'retrying') AND available_at <= $now)
                """).With("$now", at);
        using var r = cmd.ExecuteReader();
        r.Read();
        double? oldest = r.IsDBNull(3) ? null : (at - r.GetInt64(3)) / 1_000_000.0;
        return Task.FromResult(new QueueStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), oldest));
    }

    private static readonly string ReadForUpdateSql = $"SELECT {ExecutionRows.Columns} FROM executions WHERE id = $id AND tenant_id = $t";

    /// <summary>
    /// Reads the row inside the write transaction, lets <paramref name="decide"/> apply the rules, and writes
    /// the change as a compare-and-set. Under <c>BEGIN IMMEDIATE</c> the CAS cannot miss; it is kept so the
    /// statement means the same as the PostgreSQL driver's.
    /// </summary>
    private Execution Transition(
        SqliteTransaction tx, string tenantId, Guid id, Func<Execution?, ExecutionChange> decide, DateTimeOffset now,
        string? eventType = null)
    {
        var events = new List<NewEvent>(1);
        var after = Transition(tx, events, tenantId, id, decide, now, eventType);
        InsertEvents(tx, events);
        return after;
    }

    /// <summary>
    /// One decided transition through the writer's prepared read and compare-and-set statements
    /// (<see cref="PreparedWriteCommand"/>). Its event is added to <paramref name="events"/> for the caller to write
    /// in the same transaction.
    /// </summary>
    private Execution Transition(
        SqliteTransaction tx, List<NewEvent> events, string tenantId, Guid id,
        Func<Execution?, ExecutionChange> decide, DateTimeOffset now, string? eventType = null)
    {
        var current = ReadForUpdate(tx, tenantId, id);
        var change = decide(current);
        var after = Apply(tx, current!, change, now);
        if (after.Status != current!.Status) events.Add(NewEvent.For(after, eventType ?? EventTypes.ForStatus(after.Status), now));
        return after;
    }

    /// <summary>
    /// Writes a decided change as a compare-and-set on the (status, claim_token) it was decided from, and answers
    /// with the row as written without reading it back: <paramref name="current"/> was read in this transaction,
    /// and the statement writes exactly the change's columns and <c>updated_at</c>, which is what
    /// <see cref="ExecutionChange.ApplyTo"/> applies (times are whole microseconds, see <see cref="Now"/>). Reading
    /// the ~55 columns back cost the store-level burn-down a fifth of its rate (bench/analysis.md, Session 6).
    /// </summary>
    private Execution Apply(SqliteTransaction tx, Execution current, ExecutionChange change, DateTimeOffset now) =>
        Apply(tx, [(current, change)], now)[0];

    /// <summary><see cref="Apply(SqliteTransaction, Execution, ExecutionChange, DateTimeOffset)"/> for a batch, in one statement.</summary>
    private List<Execution> Apply(
        SqliteTransaction tx, IReadOnlyCollection<(Execution Current, ExecutionChange Change)> changes, DateTimeOffset now)
    {
        if (changes.Count == 0) return [];
        var rows = new JsonRows();
        foreach (var (current, change) in changes) ChangeRow(rows, current, change);
        var written = PreparedWriteCommand(tx, ApplyChangesSql).With("$changes", rows.ToString())
            .With("$now", Db.Micros(now)).ExecuteNonQuery();
        if (written != changes.Count) throw Errors.ClaimLost();
        var after = new List<Execution>(changes.Count);
        foreach (var (current, change) in changes)
        {
            var row = change.ApplyTo(current, now);
            StatusMoved(row, current.Status);
            after.Add(row);
        }

        return after;
    }

    /// <summary>One change as <see cref="ApplyChangesSql"/> reads it: the row and what it was, then the new values.</summary>
    private static void ChangeRow(JsonRows rows, Execution current, ExecutionChange c) =>
        rows.Row().Integer(current.Sequence).Text(current.Status.ToName())
            .Text(c.Status.ToName()).Time(c.AvailableAt).Integer(c.Attempts).Text(c.ClaimedByWorker).Text(c.ClaimToken)
            .Time(c.LeaseExpiresAt).Time(c.NextRetry).Text(c.ErrorMessage).Integer(c.HttpStatus)
            .Integer(c.Outcome is null ? null : c.Outcome.Success ? 1 : 0).Text(c.Outcome?.Result)
            .Text(c.Outcome?.Error).Text(c.Outcome?.MetadataJson).Time(c.Outcome?.RecordedAt).Text(c.OutcomeState)
            .Text(c.Evidence?.ExternalId).Text(c.Evidence?.ResultUrl).Text(c.Evidence?.ResultRef)
            .Text(c.Evidence?.ResultType).Text(c.Evidence?.Summary).Text(c.Evidence?.ArtifactsJson)
            .Time(c.DeliveredAt).Time(c.CancelledAt).Text(c.CancelReason).Time(c.FinishedAt)
            .Text(current.ClaimToken);

    private Execution? ReadForUpdate(SqliteTransaction tx, string tenantId, Guid id) =>
        ExecutionRows.ReadOne(PreparedWriteCommand(tx, ReadForUpdateSql).With("$id", id.ToString("D")).With("$t", tenantId));

    /// <summary>
    /// CROSS JOIN fixes the order (SQLite keeps it as written): each id looked up by the unique index on id. Left to
    /// itself, without statistics the planner walked the tenant's rows by its status index instead.
    /// </summary>
    private static readonly string ReadManyForUpdateSql =
        $"SELECT {ExecutionColumns.List("e.")} FROM json_each($ids) AS i CROSS JOIN executions AS e ON e.id = i.value WHERE e.tenant_id = $t";

    /// <summary>
    /// The rows of <paramref name="ids"/> that exist in the tenant, by id, in one statement. An id may repeat (two
    /// reports of one execution in a batch); each row is read once.
    /// </summary>
    private Dictionary<Guid, Execution> ReadForUpdate(SqliteTransaction tx, string tenantId, IEnumerable<Guid> ids)
    {
        var cmd = PreparedWriteCommand(tx, ReadManyForUpdateSql)
            .With("$ids", Db.Json([.. ids.Distinct().Select(id => id.ToString("D"))])).With("$t", tenantId);
        return ExecutionRows.ReadAll(cmd).ToDictionary(e => e.Id);
    }

    public Task<Execution> ReleaseExecutionAsync(ReleaseExecutionParams p, CancellationToken ct) =>
        WriteAsync(tx => Transition(tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideRelease(current, p.WorkerId, p.ClaimToken), Now(p.Now),
            EventTypes.ExecutionReleased), ct);

    public Task<Execution> CancelExecutionAsync(CancelExecutionParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            return Transition(tx, p.TenantId, p.ExecutionId,
                current => ExecutionRules.DecideCancel(current, p.WorkerId, p.Reason, p.Force, now), now);
        }, ct);
}
