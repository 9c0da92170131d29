using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            // Core decides each expired row (back to the queue, or failed on its last attempt); the write is a
            // compare-and-set on the status and claim token read here, under the write lock.
            var now = Now(p.Now);
            using var cmd = WriteCommand(tx, $"""
                    SELECT {ExecutionRows.Columns} FROM executions
                    WHERE status = 'delivering' AND lease_expires_at <= $now LIMIT {Db.Count(p.Limit)}
                    """)
                .With("$now", Db.Micros(now));
            return new RescueResult(WriteDecided(tx, cmd, rows => ChangeBatch.Rescue(rows, now), now));
        }, ct);

    public Task<IReadOnlyList<ExecutionRef>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            // Only never-claimed work misses its window; claims refuse exactly those rows past expires_at, so this
            // never races a claim.
            var now = Now(p.Now);
            using var cmd = WriteCommand(tx, $"""
                    SELECT {ExecutionRows.Columns} FROM executions
                    WHERE status = 'pending' AND attempts = 0 AND expires_at IS NOT NULL AND expires_at <= $now
                    LIMIT {Db.Count(p.Limit)}
                    """)
                .With("$now", Db.Micros(now));
            return WriteDecided(tx, cmd, rows => ChangeBatch.Missed(rows, now), now);
        }, ct);

    /// <summary>Reads the rows <paramref name="select"/> finds, lets Core decide them, and writes the changes.</summary>
    private IReadOnlyList<ExecutionRef> WriteDecided(
        SqliteTransaction tx, SqliteCommand select, Func<IReadOnlyList<Execution>, ChangeBatch> decide, DateTimeOffset now)
    {
        var rows = ExecutionRows.ReadAll(select);
        if (rows.Count == 0) return [];
        var decision = decide(rows);
        WriteChanges(tx, rows.ToDictionary(e => e.Id), decision, now);
        return [.. rows.Select(e => ExecutionRef.Of(e) with { Status = decision.Changes[e.Id].Status })];
    }

    public Task<int> PruneExecutionsAsync(PruneExecutionsParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            // Small batches keep the write lock short; the loop comes back every interval for the rest.
            using var prune = WriteCommand(tx, $"""
                    DELETE FROM executions WHERE seq IN (
                        SELECT seq FROM executions WHERE finished_at IS NOT NULL AND finished_at < $before LIMIT {Db.Count(p.Limit)})
                    """)
                .With("$before", Db.Micros(p.FinishedBefore));
            var pruned = prune.ExecuteNonQuery();
            using var keys = WriteCommand(tx, $"""
                    DELETE FROM idempotency_keys WHERE rowid IN (
                        SELECT rowid FROM idempotency_keys WHERE created_at < $before LIMIT {Db.Count(p.Limit)})
                    """)
                .With("$before", Db.Micros(p.IdempotencyKeysBefore));
            keys.ExecuteNonQuery();
            using var events = WriteCommand(tx, $"""
                    DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < $before LIMIT {Db.Count(p.Limit * 4)})
                    """)
                .With("$before", Db.Micros(p.FinishedBefore));
            events.ExecuteNonQuery();
            using var zeros = WriteCommand(tx, "DELETE FROM run_counts WHERE n = 0; DELETE FROM execution_counts WHERE n = 0");
            zeros.ExecuteNonQuery();
            return pruned;
        }, ct);

    public Task<IReadOnlyList<string>> ListTenantsWithWorkDueAsync(ListTenantsWithWorkDueParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT DISTINCT tenant_id FROM executions
                WHERE status IN ('pending', 'retrying') AND available_at > $after AND available_at <= $up_to
                """)
            .With("$after", Db.Micros(p.After)).With("$up_to", Db.Micros(p.UpTo));
        var tenants = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) tenants.Add(r.GetString(0));
        return Task.FromResult<IReadOnlyList<string>>(tenants);
    }

    /// <summary>Nothing to fold: the executions' triggers count in place (one writer, so no one waits on a counter).</summary>
    public Task FoldCountsAsync(FoldCountsParams p, CancellationToken ct) => Task.CompletedTask;

    public Task<MaintenanceSchedule> GetMaintenanceScheduleAsync(GetMaintenanceScheduleParams p, CancellationToken ct)
    {
        // Every term is a probe of one partial index (executions_leased, executions_expiring, executions_due,
        // executions_finished, events_by_at, idempotency_keys_by_age): first row or nothing. A reader, so the
        // writer is never held up by it.
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT
                    EXISTS (SELECT 1 FROM executions WHERE status = 'delivering' AND lease_expires_at <= $now),
                    (SELECT lease_expires_at FROM executions WHERE status = 'delivering' AND lease_expires_at > $now
                        ORDER BY lease_expires_at LIMIT 1),
                    EXISTS (SELECT 1 FROM executions WHERE status = 'pending' AND expires_at IS NOT NULL
                        AND expires_at <= $now AND attempts = 0),
                    (SELECT expires_at FROM executions WHERE status = 'pending' AND expires_at IS NOT NULL
                        AND expires_at > $now AND attempts = 0 ORDER BY expires_at LIMIT 1),
                    (SELECT available_at FROM executions WHERE status IN ('pending', 'retrying')
                        AND available_at > $due_after ORDER BY available_at LIMIT 1),
                    EXISTS (SELECT 1 FROM executions WHERE finished_at IS NOT NULL AND finished_at < $finished_before)
                        OR EXISTS (SELECT 1 FROM events WHERE at < $finished_before)
                        OR EXISTS (SELECT 1 FROM idempotency_keys WHERE created_at < $keys_before)
                """)
            .With("$now", Db.Micros(Now(p.Now))).With("$due_after", Db.Micros(p.DueAfter))
            .With("$finished_before", Db.Micros(p.PruneFinishedBefore)).With("$keys_before", Db.Micros(p.PruneKeysBefore));
        using var r = cmd.ExecuteReader();
        r.Read();
        return Task.FromResult(new MaintenanceSchedule(r.GetInt64(0) != 0, r.NullableTime(1), r.GetInt64(2) != 0,
            r.NullableTime(3), r.NullableTime(4), r.GetInt64(5) != 0));
    }
}
