using Baton.Core.Storage;
using Baton.Core.Workers;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<WorkerHeartbeatResult> RecordWorkerHeartbeatAsync(RecordWorkerHeartbeatParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            var micros = Db.Micros(now);
            // Handlers left out of a heartbeat keep what the worker said before.
            using (var upsert = WriteCommand(tx, """
                       INSERT INTO workers (tenant_id, worker_id, handlers, version, host, last_heartbeat, registered_since, state)
                       VALUES ($t, $w, coalesce($h, '[]'), $v, $host, $now, $now, $state)
                       ON CONFLICT (tenant_id, worker_id) DO UPDATE SET
                           handlers = coalesce($h, handlers),
                           state = $state,
                           version = coalesce($v, version),
                           host = coalesce($host, host),
                           last_heartbeat = $now
                       """)
                       .With("$t", p.TenantId).With("$w", p.WorkerId)
                       .With("$h", p.Handlers is null ? null : Db.Json(p.Handlers))
                       .With("$v", p.Version).With("$host", p.Host).With("$now", micros).With("$state", p.State))
            {
                upsert.ExecuteNonQuery();
            }

            // A live worker keeps every lease it holds (or those it says it holds), each by its own lease length.
            using var extend = WriteCommand(tx, """
                    UPDATE executions
                    SET lease_expires_at = $now + coalesce(lease_seconds, 900) * 1000000, last_heartbeat_at = $now,
                        updated_at = $now
                    WHERE tenant_id = $t AND claimed_by_worker = $w AND status = 'delivering'
                      AND ($holding IS NULL OR id IN (SELECT value FROM json_each($holding)))
                    """)
                .With("$t", p.TenantId).With("$w", p.WorkerId).With("$now", micros)
                .With("$holding", p.Holding is null ? null : Db.Json(p.Holding.Select(id => id.ToString("D")).ToList()));
            return new WorkerHeartbeatResult(extend.ExecuteNonQuery(), now);
        }, ct);

    public Task<IReadOnlyList<Worker>> ListWorkersAsync(ListWorkersParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT w.worker_id, w.handlers, w.version, w.host, w.last_heartbeat, w.registered_since,
                       (SELECT count(*) FROM executions e
                        WHERE e.tenant_id = w.tenant_id AND e.claimed_by_worker = w.worker_id AND e.status = 'delivering'),
                       w.state
                FROM workers w WHERE w.tenant_id = $t ORDER BY w.last_heartbeat DESC
                """)
            .With("$t", p.TenantId);
        using var r = cmd.ExecuteReader();
        var list = new List<Worker>();
        while (r.Read())
        {
            list.Add(new Worker(r.GetString(0), Db.Strings(r.GetString(1)), r.NullableString(2), r.NullableString(3),
                Db.Time(r.GetInt64(4)), Db.Time(r.GetInt64(5)), r.GetInt64(6), r.GetString(7)));
        }

        return Task.FromResult<IReadOnlyList<Worker>>(list);
    }

    public Task<bool> DeleteWorkerAsync(DeleteWorkerParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var cmd = WriteCommand(tx, "DELETE FROM workers WHERE tenant_id = $t AND worker_id = $w")
                .With("$t", p.TenantId).With("$w", p.WorkerId);
            return cmd.ExecuteNonQuery() > 0;
        }, ct);
}
