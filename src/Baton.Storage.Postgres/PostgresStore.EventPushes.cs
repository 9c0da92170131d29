using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>How many agents' come-due messages one claim writes the events of, at most.</summary>
    private const int DueAnnouncementsPerClaim = 100;

    public async Task<IReadOnlyList<EventPush>> ClaimEventPushesAsync(ClaimMessagePushesParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        // Messages sent for later, come due for an agent whose events are pushed: nobody may read that feed, so their
        // events are written here, each agent in its own transaction under its lock (as a feed read would).
        var due = new List<(string Tenant, string Agent)>();
        await using (var find = _dataSource.CreateCommand("""
                               SELECT DISTINCT m.tenant_id, m.to_agent_id FROM messages m
                               WHERE NOT m.announced AND m.due_at <= @now
                                 AND EXISTS (SELECT 1 FROM agent_subscriptions s WHERE s.agent_id = m.to_agent_id AND s.delivery_target = 'webhook')
                               LIMIT @limit
                               """).With("@now", now).With("@limit", DueAnnouncementsPerClaim))
        await using (var r = await find.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) due.Add((r.GetString(0), r.GetString(1)));
        }

        foreach (var (tenant, agent) in due)
        {
            await InTransactionAsync((c, tx) => AnnounceArrivalsAsync(c, tx, tenant, agent, now, ct), ct);
        }

        return await InTransactionAsync<IReadOnlyList<EventPush>>(async (c, tx) =>
        {
            // SKIP LOCKED: nodes claiming at once take different pushes. The lease: a claimed push is not due again
            // until it ends, so a node that dies mid-send is retried later.
            await using var claim = new NpgsqlCommand("""
                    WITH due AS (
                        SELECT agent_id, id FROM agent_events WHERE push_state = 'pending' AND push_next_at <= @now
                        ORDER BY push_next_at LIMIT @limit
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE agent_events e SET push_next_at = @lease, push_attempts = e.push_attempts + 1
                    FROM due WHERE e.agent_id = due.agent_id AND e.id = due.id
                    RETURNING e.agent_id, e.id
                    """, c, tx)
                .With("@now", now).With("@lease", now.AddSeconds(p.LeaseSeconds)).With("@limit", p.Limit);
            var agents = new List<string>();
            var ids = new List<long>();
            await using (var r = await claim.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    agents.Add(r.GetString(0));
                    ids.Add(r.GetInt64(1));
                }
            }

            if (ids.Count == 0) return [];
            var pushes = new List<EventPush>();
            var orphaned = new List<(string Agent, long Id)>();
            // The target: the webhook subscription's own URL and secret, else the agent's.
            await using (var read = new NpgsqlCommand($"""
                                 SELECT {AgentEventColumns}, e.push_attempts, s.id,
                                        CASE WHEN s.webhook_url IS NULL THEN a.webhook_url ELSE s.webhook_url END,
                                        CASE WHEN s.webhook_url IS NULL THEN a.webhook_secret ELSE s.webhook_secret END,
                                        CASE WHEN s.inline_body THEN m.body END
                                 FROM unnest(@agents, @ids) AS claimed (agent_id, id)
                                 JOIN agent_events e ON e.agent_id = claimed.agent_id AND e.id = claimed.id
                                 LEFT JOIN agent_subscriptions s
                                     ON s.agent_id = e.agent_id AND s.event_type = e.event_type AND s.delivery_target = 'webhook'
                                 LEFT JOIN agents a ON a.id = e.agent_id
                                 LEFT JOIN messages m ON m.id = e.message_id
                                 ORDER BY e.agent_id, e.id
                                 """, c, tx))
            {
                read.Parameters.Array("@agents", NpgsqlDbType.Text, agents).Array("@ids", NpgsqlDbType.Bigint, ids);
                await using var r = await read.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var e = ReadAgentEvent(r);
                    if (r.NullableString(10) is { } subscription && r.NullableString(11) is { } url && r.NullableString(12) is { } secret)
                    {
                        pushes.Add(new EventPush(e, subscription, url, secret, r.NullableString(13), r.GetInt32(9)));
                    }
                    else
                    {
                        orphaned.Add((e.AgentId, e.Id));
                    }
                }
            }

            if (orphaned.Count > 0)
            {
                // The subscription was removed or turned to pull, or its URL (the agent's) is gone: nothing to push to.
                await using var drop = new NpgsqlCommand("""
                        UPDATE agent_events e SET push_state = 'failed', push_next_at = NULL, push_error = 'no webhook subscription, or no URL, to push to'
                        FROM unnest(@agents, @ids) AS gone (agent_id, id)
                        WHERE e.agent_id = gone.agent_id AND e.id = gone.id
                        """, c, tx);
                drop.Parameters.Array("@agents", NpgsqlDbType.Text, orphaned.Select(o => o.Agent))
                    .Array("@ids", NpgsqlDbType.Bigint, orphaned.Select(o => o.Id));
                await drop.ExecuteNonQueryAsync(ct);
            }

            return pushes;
        }, ct);
    }

    public Task RecordEventPushAsync(RecordEventPushParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            // The subscription's lock first: two pushes of one subscription recorded at once take turns, and each
            // statement after it sees the other's push state, so the watermark never stops short of a sent push.
            await using (var lockSubscription = new NpgsqlCommand("""
                                     SELECT s.id FROM agent_subscriptions s JOIN agent_events e
                                         ON e.agent_id = s.agent_id AND e.event_type = s.event_type
                                     WHERE e.agent_id = @agent AND e.id = @id
                                     FOR UPDATE OF s
                                     """, c, tx).With("@agent", p.AgentId).With("@id", p.EventId))
            {
                await lockSubscription.ExecuteScalarAsync(ct);
            }

            await using var record = new NpgsqlCommand("""
                    UPDATE agent_events SET
                        push_state = CASE WHEN @sent THEN 'sent' WHEN @retry::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                        push_next_at = CASE WHEN @sent THEN NULL ELSE @retry END,
                        push_error = @error
                    WHERE agent_id = @agent AND id = @id AND push_state = 'pending'
                    RETURNING event_type
                    """, c, tx)
                .With("@sent", p.Sent).With("@retry", NpgsqlDbType.TimestampTz, Pg.NullableMicros(p.RetryAt))
                .With("@error", NpgsqlDbType.Text, p.Error).With("@agent", p.AgentId).With("@id", p.EventId);
            if (await record.ExecuteScalarAsync(ct) is not string type || !p.Sent) return 0;

            // Up to the event before the first pending or failed push of the type past the watermark, else to the
            // newest sent one.
            await using var watermark = new NpgsqlCommand("""
                    UPDATE agent_subscriptions s SET updated_at = @now, ack_watermark = greatest(s.ack_watermark, coalesce(
                        (SELECT min(e.id) - 1 FROM agent_events e
                         WHERE e.agent_id = s.agent_id AND e.id > s.ack_watermark AND e.event_type = s.event_type
                           AND e.push_state IN ('pending', 'failed')),
                        (SELECT max(e.id) FROM agent_events e
                         WHERE e.agent_id = s.agent_id AND e.id > s.ack_watermark AND e.event_type = s.event_type
                           AND e.push_state = 'sent'),
                        s.ack_watermark))
                    WHERE s.agent_id = @agent AND s.event_type = @type AND s.delivery_target = 'webhook'
                    """, c, tx)
                .With("@agent", p.AgentId).With("@type", type).With("@now", Now(p.Now));
            return await watermark.ExecuteNonQueryAsync(ct);
        }, ct);
}
