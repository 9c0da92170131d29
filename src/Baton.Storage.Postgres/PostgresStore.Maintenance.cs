using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
    {
        // Locks expired rows, skipping any an outcome is writing right now; Core decides each (back to the queue
        // or failed), and the write is a compare-and-set on the status and claim token read here.
        var now = Now(p.Now);
        await using var cmd = new NpgsqlCommand($"""
                SELECT {ExecutionRows.Columns} FROM executions e
                WHERE e.status = 'delivering' AND e.lease_expires_at <= @now
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
                """, c, tx).With("@now", now).With("@limit", p.Limit);
        var changed = await WriteDecidedAsync(c, cmd, rows => ChangeBatch.Rescue(rows, now), now, ct);
        return new RescueResult(changed);
    }, ct);

    public Task<IReadOnlyList<ExecutionRef>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<ExecutionRef>>(async (c, tx) =>
    {
        // Only never-claimed work misses its window; claims refuse exactly those rows past expires_at, and SKIP
        // LOCKED keeps the two from touching one row at once.
        var now = Now(p.Now);
        await using var cmd = new NpgsqlCommand($"""
                SELECT {ExecutionRows.Columns} FROM executions e
                WHERE e.status = 'pending' AND e.attempts = 0 AND e.expires_at IS NOT NULL AND e.expires_at <= @now
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
                """, c, tx).With("@now", now).With("@limit", p.Limit);
        return await WriteDecidedAsync(c, cmd, rows => ChangeBatch.Missed(rows, now), now, ct);
    }, ct);

    /// <summary>Reads the rows <paramref name="select"/> locks, lets Core decide them, and writes the changes.</summary>
    private static async Task<IReadOnlyList<ExecutionRef>> WriteDecidedAsync(
        NpgsqlConnection c, NpgsqlCommand select, Func<IReadOnlyList<Execution>, ChangeBatch> decide,
        DateTimeOffset now, CancellationToken ct)
    {
        var rows = await ExecutionRows.ReadAllAsync(select, ct);
        if (rows.Count == 0) return [];
        var written = await WriteChangesAsync(c, rows.ToDictionary(e => e.Id), decide(rows), now, ct);
        return [.. rows.Where(e => written.ContainsKey(e.Id)).Select(e => ExecutionRef.Of(written[e.Id]))];
    }

    /// <summary>Counter rows left at zero by pruned or moved executions (folded deltas included).</summary>
    private const string ZeroCountersSql = """
        DELETE FROM runs WHERE executions <= 0;
        DELETE FROM run_counts WHERE n = 0;
        DELETE FROM execution_counts WHERE n = 0;
        DELETE FROM finished_minutes WHERE n = 0;
        """;

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
        await using var zeros = _dataSource.CreateCommand(ZeroCountersSql);
        await zeros.ExecuteNonQueryAsync(ct);
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
                        OR EXISTS (SELECT 1 FROM idempotency_keys WHERE created_at < @keys_before),
                    EXISTS (SELECT 1 FROM execution_count_deltas)
                """).With("@now", Now(p.Now)).With("@due_after", Pg.Micros(p.DueAfter))
            .With("@finished_before", Pg.Micros(p.PruneFinishedBefore)).With("@keys_before", Pg.Micros(p.PruneKeysBefore));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new MaintenanceSchedule(r.GetBoolean(0), r.NullableTime(1), r.GetBoolean(2), r.NullableTime(3),
            r.NullableTime(4), r.GetBoolean(5))
        {
            CountsToFold = r.GetBoolean(6),
        };
    }

    /// <summary>
    /// Moves the deltas the executions' triggers wrote into the counters, in one transaction: each delta row is
    /// deleted and added exactly once (a concurrent fold waits for the row and then finds it gone), and a reader's
    /// snapshot sees the deltas either before or after, never both or neither. Groups are upserted in key order, so
    /// two folds cannot deadlock. Counters that fell to zero are dropped by the next prune.
    /// </summary>
    /// <summary>
    /// Deltas folded (by this store, since its last vacuum of the delta table) beyond which the fold vacuums that
    /// table. Every reader of the counts scans it (it has no index: it holds a few seconds of deltas); after a burst,
    /// the rows the folds deleted stay in it, dead, until a vacuum, and autovacuum may take a minute to come:
    /// measured on the dashboard after 100,000 enqueues, the status counts took 86 ms instead of a few.
    /// </summary>
    internal const int VacuumDeltasAfter = 10_000;

    private long _foldedSinceVacuum;

    public async Task FoldCountsAsync(FoldCountsParams p, CancellationToken ct)
    {
        var folded = await InTransactionAsync(async (c, tx) =>
        {
            await using var fold = new NpgsqlCommand("""
                    WITH d AS (DELETE FROM execution_count_deltas RETURNING *),
                    counted AS (
                        INSERT INTO execution_counts AS k (tenant_id, queue, task, status, n)
                        SELECT tenant_id, queue, task, status, sum(n) FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                        ON CONFLICT (tenant_id, queue, task, status) DO UPDATE SET n = k.n + excluded.n),
                    run_counted AS (
                        INSERT INTO run_counts AS k (tenant_id, run_id, status, n)
                        SELECT tenant_id, run_id, status, sum(n) FROM d WHERE run_id IS NOT NULL
                        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                        ON CONFLICT (tenant_id, run_id, status) DO UPDATE SET n = k.n + excluded.n),
                    run_rows AS (
                        INSERT INTO runs AS r (tenant_id, run_id, executions, first_created_at, last_finished_at, last_changed_at)
                        SELECT tenant_id, run_id, sum(n), min(first_created_at), max(last_finished_at), max(last_changed_at)
                        FROM d WHERE run_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
                        ON CONFLICT (tenant_id, run_id) DO UPDATE SET
                            executions = r.executions + excluded.executions,
                            first_created_at = least(r.first_created_at, excluded.first_created_at),
                            last_finished_at = greatest(r.last_finished_at, excluded.last_finished_at),
                            last_changed_at = greatest(r.last_changed_at, excluded.last_changed_at)),
                    minutes AS (
                        INSERT INTO finished_minutes AS k (tenant_id, minute, status, n)
                        SELECT tenant_id, finished_minute, status, sum(n) FROM d WHERE finished_minute IS NOT NULL
                        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                        ON CONFLICT (tenant_id, minute, status) DO UPDATE SET n = k.n + excluded.n)
                    SELECT count(*) FROM d
                    """, c, tx);
            return (long)(await fold.ExecuteScalarAsync(ct))!;
        }, ct);
        if (Interlocked.Add(ref _foldedSinceVacuum, folded) < VacuumDeltasAfter) return;
        Interlocked.Exchange(ref _foldedSinceVacuum, 0);

        // Outside the fold's transaction (VACUUM cannot run in one); it takes no lock a writer's INSERT waits on.
        await using var vacuum = _dataSource.CreateCommand("VACUUM execution_count_deltas");
        await vacuum.ExecuteNonQueryAsync(ct);
    }
}
