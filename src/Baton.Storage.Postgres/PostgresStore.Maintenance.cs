using Baton.Core.Storage;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<RescueResult> RescueExpiredLeasesAsync(RescueExpiredLeasesParams p, CancellationToken ct)
    {
        // The CTE locks expired rows, skipping any an outcome is writing right now; the outer WHERE re-checks
        // status so a row whose outcome committed first is left alone (River #1302). The attempt was counted at
        // claim time; a row on its last attempt fails instead of going back.
        await using var cmd = _dataSource.CreateCommand("""
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
                    claimed_by_worker = NULL, claim_token = NULL, lease_expires_at = NULL, updated_at = @now
                FROM expired
                WHERE e.seq = expired.seq AND e.status = 'delivering' AND e.lease_expires_at <= @now
                RETURNING e.tenant_id, e.status
                """).With("@now", Now(p.Now)).With("@limit", p.Limit);
        int requeued = 0, failed = 0;
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (r.GetString(1) == "failed")
            {
                failed++;
            }
            else
            {
                requeued++;
                tenants.Add(r.GetString(0));
            }
        }

        return new RescueResult(requeued, failed, [.. tenants]);
    }

    public async Task<IReadOnlyList<string>> MarkMissedExecutionsAsync(MarkMissedExecutionsParams p, CancellationToken ct)
    {
        // Claims refuse rows past expires_at and SKIP LOCKED keeps the two from touching one row at once.
        await using var cmd = _dataSource.CreateCommand("""
                WITH expired AS (
                    SELECT seq FROM executions
                    WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= @now
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'missed', finished_at = @now, updated_at = @now,
                    error_message = 'not claimed before its window closed'
                FROM expired WHERE e.seq = expired.seq AND e.status = 'pending'
                RETURNING e.id
                """).With("@now", Now(p.Now)).With("@limit", p.Limit);
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetGuid(0).ToString("D"));
        return ids;
    }

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
}
