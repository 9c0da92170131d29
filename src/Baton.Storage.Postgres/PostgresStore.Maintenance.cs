using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
    {
        var now = Now(p.Now);
        // The CTE locks expired rows, skipping any an outcome is writing right now; the outer WHERE re-checks
        // status so a row whose outcome committed first is left alone (River #1302). The attempt was counted at
        // claim time; a row on its last attempt fails instead of going back.
        await using var cmd = new NpgsqlCommand($"""
                WITH expired AS (
                    SELECT seq FROM executions
                    WHERE status = 'delivering' AND lease_expires_at <= @now
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET
                    status = CASE WHEN e.attempts >= e.max_attempts THEN 'failed' ELSE 'pending' END,
                    error_message = CASE WHEN e.attempts >= e.max_attempts
                        THEN 'lease expired on attempt ' || e.attempts || ' of ' || e.max_attempts
                        ELSE 'lease expired; returned to the queue' END,
                    finished_at = CASE WHEN e.attempts >= e.max_attempts THEN @now END,
                    claimed_by_worker = NULL, claim_token = NULL, lease_expires_at = NULL, updated_at = @now,
                    last_event_tx = pg_current_xact_id()
                FROM expired
                WHERE e.seq = expired.seq AND e.status = 'delivering' AND e.lease_expires_at <= @now
                RETURNING {ExecutionRows.Columns}
                """, c, tx).With("@now", now).With("@limit", p.Limit);
        var changed = await ExecutionRows.ReadAllAsync(cmd, ct);
        // Back in the queue after a lost lease reads as a retry to subscribers; out of attempts, a failure.
        await InsertEventsAsync(c, tx, [.. changed.Select(e => NewEvent.For(e,
            e.Status == ExecutionStatus.Failed ? EventTypes.ExecutionFailed : EventTypes.ExecutionRetrying, now))], ct);
        return new RescueResult([.. changed.Select(e => new ExecutionRef(e.TenantId, e.Id, e.Status))]);
    }, ct);

    public Task<IReadOnlyList<ExecutionRef>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<ExecutionRef>>(async (c, tx) =>
    {
        var now = Now(p.Now);
        // Only never-claimed work misses its window; claims refuse exactly those rows past expires_at, and SKIP
        // LOCKED keeps the two from touching one row at once.
        await using var cmd = new NpgsqlCommand($"""
                WITH expired AS (
                    SELECT seq FROM executions
                    WHERE status = 'pending' AND attempts = 0 AND expires_at IS NOT NULL AND expires_at <= @now
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'missed', finished_at = @now, updated_at = @now,
                    error_message = 'not claimed before its window closed', last_event_tx = pg_current_xact_id()
                FROM expired WHERE e.seq = expired.seq AND e.status = 'pending' AND e.attempts = 0
                RETURNING {ExecutionRows.Columns}
                """, c, tx).With("@now", now).With("@limit", p.Limit);
        var missed = await ExecutionRows.ReadAllAsync(cmd, ct);
        await InsertEventsAsync(c, tx, [.. missed.Select(e => NewEvent.For(e, EventTypes.ExecutionMissed, now))], ct);
        return [.. missed.Select(e => new ExecutionRef(e.TenantId, e.Id, e.Status))];
    }, ct);

    public async Task<int> PruneExecutionsAsync(PruneExecutionsParams p, CancellationToken ct)
    {
        // Small batches keep each statement short; the loop comes back every interval for the rest.
        await using var prune = _dataSource.CreateCommand("""
                DELETE FROM executions WHERE seq IN (
                    SELECT seq FROM executions WHERE finished_at IS NOT NULL AND finished_at < @before
                    LIMIT @limit FOR UPDATE SKIP LOCKED)
                """).With("@before", Pg.Micros(p.FinishedBefore)).With("@limit", p.Limit);
        var pruned = await prune.ExecuteNonQueryAsync(ct);
        await using var keys = _dataSource.CreateCommand("""
                DELETE FROM idempotency_keys WHERE ctid IN (
                    SELECT ctid FROM idempotency_keys WHERE created_at < @before LIMIT @limit)
                """).With("@before", Pg.Micros(p.IdempotencyKeysBefore)).With("@limit", p.Limit);
        await keys.ExecuteNonQueryAsync(ct);
        await using var events = _dataSource.CreateCommand("""
                DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < @before LIMIT @limit)
                """).With("@before", Pg.Micros(p.FinishedBefore)).With("@limit", p.Limit * 4);
        await events.ExecuteNonQueryAsync(ct);
        return pruned;
    }

    public async Task<IReadOnlyList<string>> ListTenantsWithWorkDueAsync(ListTenantsWithWorkDueParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT DISTINCT tenant_id FROM executions
                WHERE status IN ('pending', 'retrying') AND available_at > @after AND available_at <= @up_to
                """).With("@after", Pg.Micros(p.After)).With("@up_to", Pg.Micros(p.UpTo));
        var tenants = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) tenants.Add(r.GetString(0));
        return tenants;
    }

    public async Task<MaintenanceSchedule> GetMaintenanceScheduleAsync(GetMaintenanceScheduleParams p, CancellationToken ct)
    {
        // Every term is a probe of one partial index (executions_leased, executions_expiring, executions_due,
        // executions_finished, events_by_at, idempotency_keys_by_age): first row or nothing.
        await using var cmd = _dataSource.CreateCommand("""
                SELECT
                    EXISTS (SELECT 1 FROM executions WHERE status = 'delivering' AND lease_expires_at <= @now),
                    (SELECT lease_expires_at FROM executions WHERE status = 'delivering' AND lease_expires_at > @now
                        ORDER BY lease_expires_at LIMIT 1),
                    EXISTS (SELECT 1 FROM executions WHERE status = 'pending' AND expires_at IS NOT NULL
                        AND expires_at <= @now AND attempts = 0),
                    (SELECT expires_at FROM executions WHERE status = 'pending' AND expires_at IS NOT NULL
                        AND expires_at > @now AND attempts = 0 ORDER BY expires_at LIMIT 1),
                    (SELECT available_at FROM executions WHERE status IN ('pending', 'retrying')
                        AND available_at > @due_after ORDER BY available_at LIMIT 1),
                    EXISTS (SELECT 1 FROM executions WHERE finished_at IS NOT NULL AND finished_at < @finished_before)
                        OR EXISTS (SELECT 1 FROM events WHERE at < @finished_before)
                        OR EXISTS (SELECT 1 FROM idempotency_keys WHERE created_at < @keys_before)
                """).With("@now", Now(p.Now)).With("@due_after", Pg.Micros(p.DueAfter))
            .With("@finished_before", Pg.Micros(p.PruneFinishedBefore)).With("@keys_before", Pg.Micros(p.PruneKeysBefore));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new MaintenanceSchedule(r.GetBoolean(0), r.NullableTime(1), r.GetBoolean(2), r.NullableTime(3),
            r.NullableTime(4), r.GetBoolean(5));
    }
}
