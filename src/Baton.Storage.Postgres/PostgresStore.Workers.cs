using Baton.Core.Storage;
using Baton.Core.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<WorkerHeartbeatResult> RecordWorkerHeartbeatAsync(RecordWorkerHeartbeatParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            // Handlers left out of a heartbeat keep what the worker said before.
            await using (var upsert = new NpgsqlCommand("""
                                 INSERT INTO workers (tenant_id, worker_id, handlers, version, host, last_heartbeat, registered_since, state)
                                 VALUES (@t, @w, coalesce(@h, '{}'::text[]), @v, @host, @now, @now, @state)
                                 ON CONFLICT (tenant_id, worker_id) DO UPDATE SET
                                     handlers = coalesce(@h, workers.handlers),
                                     state = @state,
                                     version = coalesce(@v, workers.version),
                                     host = coalesce(@host, workers.host),
                                     last_heartbeat = @now
                                 """, c, tx)
                             .With("@t", p.TenantId).With("@w", p.WorkerId)
                             .With("@h", NpgsqlDbType.Array | NpgsqlDbType.Text, p.Handlers?.ToArray())
                             .With("@v", NpgsqlDbType.Text, p.Version).With("@host", NpgsqlDbType.Text, p.Host)
                             .With("@now", now).With("@state", NpgsqlDbType.Text, p.State))
            {
                await upsert.ExecuteNonQueryAsync(ct);
            }

            // A live worker keeps every lease it holds, each by its own lease length.
            await using var extend = new NpgsqlCommand("""
                    UPDATE executions
                    SET lease_expires_at = @now + make_interval(secs => coalesce(lease_seconds, 900)),
                        last_heartbeat_at = @now, updated_at = @now
                    WHERE tenant_id = @t AND claimed_by_worker = @w AND status = 'delivering'
                      AND (@holding IS NULL OR id = ANY(@holding))
                    """, c, tx)
                .With("@t", p.TenantId).With("@w", p.WorkerId).With("@now", now)
                .With("@holding", NpgsqlDbType.Array | NpgsqlDbType.Uuid, p.Holding?.ToArray());
            return new WorkerHeartbeatResult(await extend.ExecuteNonQueryAsync(ct), now);
        }, ct);

    public async Task<IReadOnlyList<Worker>> ListWorkersAsync(ListWorkersParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT w.worker_id, w.handlers, w.version, w.host, w.last_heartbeat, w.registered_since,
                       (SELECT count(*) FROM executions e
                        WHERE e.tenant_id = w.tenant_id AND e.claimed_by_worker = w.worker_id AND e.status = 'delivering'),
                       w.state
                FROM workers w WHERE w.tenant_id = @t ORDER BY w.last_heartbeat DESC
                """).With("@t", p.TenantId);
        var list = new List<Worker>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Worker(r.GetString(0), r.GetFieldValue<string[]>(1), r.NullableString(2), r.NullableString(3),
                r.Time(4), r.Time(5), r.GetInt64(6), r.GetString(7)));
        }

        return list;
    }

    public async Task<bool> DeleteWorkerAsync(DeleteWorkerParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("DELETE FROM workers WHERE tenant_id = @t AND worker_id = @w")
            .With("@t", p.TenantId).With("@w", p.WorkerId);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }
}
