using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>How many agents' come-due messages one claim writes the events of, at most.</summary>
    private const int DueAnnouncementsPerClaim = 100;

    public Task<IReadOnlyList<EventPush>> ClaimEventPushesAsync(ClaimMessagePushesParams p, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<EventPush>>(tx =>
        {
            var now = Now(p.Now);
            // Messages sent for later, come due for an agent whose events are pushed: nobody may read that feed, so
            // their events are written here.
            var due = new List<(string Tenant, string Agent)>();
            using (var find = WriteCommand(tx, $"""
                           SELECT DISTINCT m.tenant_id, m.to_agent_id FROM messages m
                           WHERE m.announced = 0 AND m.due_at <= $now
                             AND EXISTS (SELECT 1 FROM agent_subscriptions s WHERE s.agent_id = m.to_agent_id AND s.delivery_target = 'webhook')
                           LIMIT {DueAnnouncementsPerClaim}
                           """).With("$now", Db.Micros(now)))
            using (var r = find.ExecuteReader())
            {
                while (r.Read()) due.Add((r.GetString(0), r.GetString(1)));
            }

            foreach (var (tenant, agent) in due) AnnounceArrivals(tx, tenant, agent, now);

            // The lease: a claimed push is not due again until it ends, so a node that dies mid-send is retried later.
            using var claim = WriteCommand(tx, $"""
                    UPDATE agent_events SET push_next_at = $lease, push_attempts = push_attempts + 1
                    WHERE rowid IN (SELECT rowid FROM agent_events WHERE push_state = 'pending' AND push_next_at <= $now
                                    ORDER BY push_next_at LIMIT {Db.Count(p.Limit)})
                    RETURNING rowid
                    """)
                .With("$now", Db.Micros(now)).With("$lease", Db.Micros(now.AddSeconds(p.LeaseSeconds)));
            var rowids = new List<long>();
            using (var r = claim.ExecuteReader())
            {
                while (r.Read()) rowids.Add(r.GetInt64(0));
            }

            if (rowids.Count == 0) return [];
            var pushes = new List<EventPush>();
            var orphaned = new List<long>();
            // The target: the webhook subscription's own URL and secret, else the agent's.
            using (var read = WriteCommand(tx, $"""
                           SELECT e.id, e.tenant_id, e.agent_id, e.event_type, e.message_id, e.data, e.created_at, e.push_state,
                                  e.push_error, e.push_attempts, s.id,
                                  CASE WHEN s.webhook_url IS NULL THEN a.webhook_url ELSE s.webhook_url END,
                                  CASE WHEN s.webhook_url IS NULL THEN a.webhook_secret ELSE s.webhook_secret END,
                                  CASE WHEN s.inline_body THEN m.body END,
                                  e.rowid
                           FROM agent_events e
                           LEFT JOIN agent_subscriptions s
                               ON s.agent_id = e.agent_id AND s.event_type = e.event_type AND s.delivery_target = 'webhook'
                           LEFT JOIN agents a ON a.id = e.agent_id
                           LEFT JOIN messages m ON m.id = e.message_id
                           WHERE e.rowid IN (SELECT value FROM json_each($rowids))
                           ORDER BY e.agent_id, e.id
                           """).With("$rowids", Db.Json(rowids)))
            using (var r = read.ExecuteReader())
            {
                while (r.Read())
                {
                    if (r.NullableString(10) is { } subscription && r.NullableString(11) is { } url && r.NullableString(12) is { } secret)
                    {
                        pushes.Add(new EventPush(ReadAgentEvent(r), subscription, url, secret, r.NullableString(13), r.GetInt32(9)));
                    }
                    else
                    {
                        orphaned.Add(r.GetInt64(14));
                    }
                }
            }

            // The subscription was removed or turned to pull, or its URL (the agent's) is gone: nothing to push to.
            using var drop = WriteCommand(tx, """
                    UPDATE agent_events SET push_state = 'failed', push_next_at = NULL, push_error = 'no webhook subscription, or no URL, to push to'
                    WHERE rowid IN (SELECT value FROM json_each($rowids))
                    """).With("$rowids", Db.Json(orphaned));
            drop.ExecuteNonQuery();
            return pushes;
        }, ct);

    public Task RecordEventPushAsync(RecordEventPushParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Db.Micros(Now(p.Now));
            using var record = WriteCommand(tx, """
                    UPDATE agent_events SET
                        push_state = CASE WHEN $sent THEN 'sent' WHEN $retry IS NULL THEN 'failed' ELSE 'pending' END,
                        push_next_at = CASE WHEN $sent THEN NULL ELSE $retry END,
                        push_error = $error
                    WHERE agent_id = $agent AND id = $id AND push_state = 'pending'
                    RETURNING event_type
                    """)
                .With("$sent", p.Sent).With("$retry", Db.Micros(p.RetryAt)).With("$error", p.Error)
                .With("$agent", p.AgentId).With("$id", p.EventId);
            if (record.ExecuteScalar() is not string type || !p.Sent) return;

            // Up to the event before the first pending or failed push of the type past the watermark, else to the
            // newest sent one.
            using var watermark = WriteCommand(tx, """
                    UPDATE agent_subscriptions AS s SET updated_at = $now, ack_watermark = max(s.ack_watermark, coalesce(
                        (SELECT min(e.id) - 1 FROM agent_events e
                         WHERE e.agent_id = s.agent_id AND e.id > s.ack_watermark AND e.event_type = s.event_type
                           AND e.push_state IN ('pending', 'failed')),
                        (SELECT max(e.id) FROM agent_events e
                         WHERE e.agent_id = s.agent_id AND e.id > s.ack_watermark AND e.event_type = s.event_type
                           AND e.push_state = 'sent'),
                        s.ack_watermark))
                    WHERE s.agent_id = $agent AND s.event_type = $type AND s.delivery_target = 'webhook'
                    """)
                .With("$agent", p.AgentId).With("$type", type).With("$now", now);
            watermark.ExecuteNonQuery();
        }, ct);
}
