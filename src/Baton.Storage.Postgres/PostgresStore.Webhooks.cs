using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// The worker claim statement for the dispatcher: across tenants, only <c>transport = 'webhook'</c>, served by
    /// the partial index <c>executions_claim_webhook</c>. SKIP LOCKED lets every node's dispatcher claim at once
    /// without ever picking the same row.
    /// </summary>
    private const string ClaimWebhookSql = $"""
        WITH picked AS (
            SELECT e.seq FROM executions e
            WHERE e.status IN ('pending', 'retrying') AND e.transport = 'webhook' AND e.available_at <= @now
              AND (e.expires_at IS NULL OR e.expires_at > @now OR e.attempts > 0)
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

    public Task<IReadOnlyList<Execution>> ClaimWebhookExecutionsAsync(ClaimWebhookExecutionsParams p, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<Execution>>(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using var cmd = new NpgsqlCommand(ClaimWebhookSql, c, tx)
                .With("@now", now).With("@worker", p.WorkerId).With("@lease", p.LeaseSeconds)
                .With("@lease_expires_at", now.AddSeconds(p.LeaseSeconds)).With("@limit", p.Limit);
            var claimed = ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(cmd, ct));
            await InsertEventsAsync(c, tx, [.. claimed.Select(e => NewEvent.For(e, EventTypes.ExecutionClaimed, now))], ct);
            return claimed;
        }, ct);

    public async Task<string?> GetWebhookSecretAsync(string tenantId, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT webhook_secret FROM tenants WHERE id = @id")
            .With("@id", tenantId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<string> SetWebhookSecretAsync(SetWebhookSecretParams p, CancellationToken ct)
    {
        // One statement: the row lock orders two concurrent first uses, and the second keeps the first's secret.
        await using var cmd = _dataSource.CreateCommand("""
                UPDATE tenants SET webhook_secret = CASE WHEN @replace OR webhook_secret IS NULL
                                                         THEN @secret ELSE webhook_secret END
                WHERE id = @id
                RETURNING webhook_secret
                """).With("@replace", p.Replace).With("@secret", p.Secret).With("@id", p.TenantId);
        return await cmd.ExecuteScalarAsync(ct) as string ?? throw Errors.InvalidApiKey();
    }
}
