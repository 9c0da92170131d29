using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// What makes a row claimable by a worker; <c>status IN ('pending', 'retrying') AND transport = 'worker'</c>
    /// matches the partial claim indexes. Webhook executions are the dispatcher's alone.
    /// </summary>
    private const string ClaimableTerms =
        "e.tenant_id = @t AND e.status IN ('pending', 'retrying') AND e.transport = 'worker' AND e.available_at <= @now " +
        "AND (e.expires_at IS NULL OR e.expires_at > @now OR e.attempts > 0)";

    /// <summary>
    /// One statement: the CTE picks rows in claim order and locks them, skipping rows another claimer holds, and
    /// the UPDATE marks exactly those. Two claimers can never pick the same row, and none waits on another.
    /// The token is 128 bits from <c>gen_random_uuid()</c>'s strong random source.
    /// </summary>
    private const string ClaimSql = $"""
        WITH picked AS (
            SELECT e.seq FROM executions e
            WHERE {ClaimableTerms}{"{0}"}
            ORDER BY e.priority DESC, e.available_at, e.seq
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        UPDATE executions e SET
            status = 'delivering', attempts = e.attempts + 1, claimed_by_worker = @worker,
            claim_token = md5(gen_random_uuid()::text || gen_random_uuid()::text), lease_seconds = @lease,
            lease_expires_at = @lease_expires_at, last_heartbeat_at = NULL, progress = NULL, next_retry = NULL,
            started_at = coalesce(e.started_at, @now), delivered_at = @now, last_attempt_at = @now, updated_at = @now,
            last_event_tx = pg_current_xact_id()
        FROM picked WHERE e.seq = picked.seq
        RETURNING {ExecutionRows.Columns}
        """;

    public Task<IReadOnlyList<Execution>> ClaimExecutionsAsync(ClaimExecutionsParams p, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<Execution>>(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using var cmd = new NpgsqlCommand { Connection = c, Transaction = tx };
            var filter = p.ExecutionId is { } id ? " AND e.id = @id" : FilterSql.For(p.Filter, cmd);
            cmd.CommandText = ClaimSql.Replace("{0}", filter, StringComparison.Ordinal);
            cmd.With("@t", p.TenantId).With("@now", now).With("@worker", p.WorkerId).With("@lease", p.LeaseSeconds)
                .With("@lease_expires_at", now.AddSeconds(p.LeaseSeconds)).With("@limit", p.Limit);
            if (p.ExecutionId is { } claimId) cmd.With("@id", claimId);
            var claimed = ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(cmd, ct));
            await InsertEventsAsync(c, tx, [.. claimed.Select(e => NewEvent.For(e, EventTypes.ExecutionClaimed, now))], ct);
            return claimed;
        }, ct);

    public Task<Execution> HeartbeatExecutionAsync(HeartbeatExecutionParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            var current = await ReadForUpdateAsync(c, tx, p.TenantId, p.ExecutionId, ct);
            ExecutionRules.CheckHeartbeat(current, p.WorkerId, p.ClaimToken);
            var lease = p.LeaseSeconds ?? current!.LeaseSeconds ?? BatonOptions.DefaultLeaseSeconds;
            await using var cmd = new NpgsqlCommand($"""
                    UPDATE executions e SET
                        lease_seconds = @lease, lease_expires_at = @expires, last_heartbeat_at = @now,
                        progress = coalesce(@progress, e.progress), updated_at = @now
                    WHERE e.seq = @seq AND e.status = 'delivering' AND e.claim_token IS NOT DISTINCT FROM @token
                    RETURNING {ExecutionRows.Columns}
                    """, c, tx)
                .With("@lease", lease).With("@expires", now.AddSeconds(lease)).With("@now", now)
                .With("@progress", NpgsqlDbType.Text, p.ProgressJson).With("@seq", current!.Sequence)
                .With("@token", NpgsqlDbType.Text, current.ClaimToken);
            return await ExecutionRows.ReadOneAsync(cmd, ct) ?? throw Errors.ClaimLost();
        }, ct);
}
