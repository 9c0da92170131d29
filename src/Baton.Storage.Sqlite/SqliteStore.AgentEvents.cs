using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string SubscriptionColumns =
        "id, tenant_id, agent_id, event_type, delivery_target, ack_watermark, created_at, updated_at, webhook_url, webhook_secret, inline_body";

    private const string AgentEventColumns = "id, tenant_id, agent_id, event_type, message_id, data, created_at, push_state, push_error";

    public Task<Subscription> CreateSubscriptionAsync(CreateSubscriptionParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Db.Micros(Now(p.Now));
            using var insert = WriteCommand(tx, $"""
                    INSERT INTO agent_subscriptions (id, tenant_id, agent_id, event_type, delivery_target, created_at, updated_at,
                                                     webhook_url, webhook_secret, inline_body)
                    VALUES ($id, $t, $agent, $type, $target, $now, $now, $url, $secret, $inline)
                    RETURNING {SubscriptionColumns}
                    """)
                .With("$id", p.Id).With("$t", p.TenantId).With("$agent", p.AgentId).With("$type", p.EventType)
                .With("$target", p.DeliveryTarget).With("$now", now).With("$url", p.WebhookUrl).With("$secret", p.WebhookSecret)
                .With("$inline", p.InlineBody);
            try
            {
                using var r = insert.ExecuteReader();
                r.Read();
                return ReadSubscription(r);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw Errors.SubscriptionExists(p.EventType);
            }
        }, ct);

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ListSubscriptionsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"""
                SELECT {SubscriptionColumns} FROM agent_subscriptions
                WHERE tenant_id = $t AND agent_id = $agent ORDER BY created_at, id
                """)
            .With("$t", p.TenantId).With("$agent", p.AgentId);
        var items = new List<Subscription>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) items.Add(ReadSubscription(r));
        return Task.FromResult<IReadOnlyList<Subscription>>(items);
    }

    public Task<Subscription> AckSubscriptionAsync(AckSubscriptionParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using (var last = WriteCommand(tx, """
                           SELECT a.last_event_id FROM agent_subscriptions s JOIN agents a ON a.id = s.agent_id
                           WHERE s.tenant_id = $t AND s.agent_id = $agent AND s.id = $id
                           """)
                       .With("$t", p.TenantId).With("$agent", p.AgentId).With("$id", p.SubscriptionId))
            {
                var newest = last.ExecuteScalar() as long? ?? throw Errors.SubscriptionNotFound();
                if (p.Watermark > newest) throw Errors.AckWatermarkAhead(p.Watermark, newest);
            }

            // Forward only: a late or repeated ack of an older position changes nothing.
            using var update = WriteCommand(tx, $"""
                    UPDATE agent_subscriptions
                    SET updated_at = CASE WHEN $w > ack_watermark THEN $now ELSE updated_at END,
                        ack_watermark = max(ack_watermark, $w)
                    WHERE id = $id
                    RETURNING {SubscriptionColumns}
                    """)
                .With("$w", p.Watermark).With("$now", Db.Micros(Now(p.Now))).With("$id", p.SubscriptionId);
            using var r = update.ExecuteReader();
            r.Read();
            return ReadSubscription(r);
        }, ct);

    public Task<bool> DeleteSubscriptionAsync(DeleteSubscriptionParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var delete = WriteCommand(tx, "DELETE FROM agent_subscriptions WHERE tenant_id = $t AND agent_id = $agent AND id = $id")
                .With("$t", p.TenantId).With("$agent", p.AgentId).With("$id", p.SubscriptionId);
            return delete.ExecuteNonQuery() > 0;
        }, ct);

    public async Task<AgentEventPage> ReadAgentEventsAsync(ReadAgentEventsParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        bool due;
        using (var c = OpenReader())
        using (var check = Db.Command(c, "SELECT EXISTS (SELECT 1 FROM messages WHERE to_agent_id = $agent AND announced = 0 AND due_at <= $now)")
                   .With("$agent", p.AgentId).With("$now", Db.Micros(now)))
        {
            due = (long)check.ExecuteScalar()! != 0;
        }

        // Only a feed with messages come due since the last look takes the write lock; a quiet feed is a plain read.
        if (due) await WriteAsync(tx => AnnounceArrivals(tx, p.TenantId, p.AgentId, now), ct);

        using var reader = OpenReader();
        using var page = Db.Command(reader, $"""
                SELECT {AgentEventColumns} FROM agent_events
                WHERE agent_id = $agent AND tenant_id = $t AND id > $since AND ($type IS NULL OR event_type = $type)
                ORDER BY id LIMIT {Db.Count(p.Limit)}
                """)
            .With("$agent", p.AgentId).With("$t", p.TenantId).With("$since", p.Since).With("$type", p.EventType);
        var items = new List<AgentEvent>();
        using (var r = page.ExecuteReader())
        {
            while (r.Read()) items.Add(ReadAgentEvent(r));
        }

        using var last = Db.Command(reader, "SELECT last_event_id FROM agents WHERE id = $agent").With("$agent", p.AgentId);
        return new AgentEventPage(items, last.ExecuteScalar() as long? ?? 0);
    }

    /// <summary>
    /// Writes the feed events of the agent's messages that are due and not yet announced, and marks them announced.
    /// Runs in the writer's transaction, so event ids are handed out one writer at a time, without gaps. The events
    /// of a webhook subscription's type are written due for push; true when there are any.
    /// </summary>
    private bool AnnounceArrivals(SqliteTransaction tx, string tenantId, string agentId, DateTimeOffset now)
    {
        var subscribed = new List<string>();
        var pushed = new HashSet<string>(StringComparer.Ordinal);
        using (var subs = WriteCommand(tx, "SELECT event_type, delivery_target FROM agent_subscriptions WHERE agent_id = $agent")
                   .With("$agent", agentId))
        using (var r = subs.ExecuteReader())
        {
            while (r.Read())
            {
                subscribed.Add(r.GetString(0));
                if (r.GetString(1) == DeliveryTargets.Webhook) pushed.Add(r.GetString(0));
            }
        }

        if (subscribed.Count == 0)
        {
            // Nobody listens: the messages count as announced, so a later subscription does not replay them.
            using var quiet = WriteCommand(tx, "UPDATE messages SET announced = 1 WHERE to_agent_id = $agent AND announced = 0 AND due_at <= $now")
                .With("$agent", agentId).With("$now", Db.Micros(now));
            quiet.ExecuteNonQuery();
            return false;
        }

        var arriving = new List<Message>();
        using (var find = WriteCommand(tx, $"""
                       SELECT {MessageRows.Columns} FROM messages
                       WHERE to_agent_id = $agent AND announced = 0 AND due_at <= $now ORDER BY due_at, seq
                       """)
                   .With("$agent", agentId).With("$now", Db.Micros(now)))
        using (var r = find.ExecuteReader())
        {
            while (r.Read()) arriving.Add(MessageRows.Read(r, now));
        }

        if (arriving.Count == 0) return false;
        var events = PlanArrivals(tx, tenantId, agentId, arriving, subscribed, now);
        foreach (var e in events)
        {
            var push = pushed.Contains(e.EventType);
            using var insert = WriteCommand(tx, """
                    INSERT INTO agent_events (id, tenant_id, agent_id, event_type, message_id, data, created_at, push_state, push_next_at)
                    VALUES ($id, $t, $agent, $type, $message, $data, $now, $push, $pushAt)
                    """)
                .With("$id", e.Id).With("$t", e.TenantId).With("$agent", e.AgentId).With("$type", e.EventType)
                .With("$message", e.MessageId).With("$data", e.DataJson).With("$now", Db.Micros(e.CreatedAt))
                .With("$push", push ? "pending" : null).With("$pushAt", push ? Db.Micros(e.CreatedAt) : null);
            insert.ExecuteNonQuery();
        }

        if (events.Count > 0)
        {
            using var advance = WriteCommand(tx, "UPDATE agents SET last_event_id = $last WHERE id = $agent")
                .With("$last", events[^1].Id).With("$agent", agentId);
            advance.ExecuteNonQuery();
        }

        using var mark = WriteCommand(tx, "UPDATE messages SET announced = 1 WHERE id IN (SELECT value FROM json_each($ids))")
            .With("$ids", Db.Json(arriving.Select(m => m.Id).ToList()));
        mark.ExecuteNonQuery();
        return events.Any(e => pushed.Contains(e.EventType));
    }

    private IReadOnlyList<AgentEvent> PlanArrivals(
        SqliteTransaction tx, string tenantId, string agentId, List<Message> arriving, List<string> subscribed, DateTimeOffset now)
    {
        using var state = WriteCommand(tx, """
                SELECT last_event_id,
                       EXISTS (SELECT 1 FROM messages
                               WHERE to_agent_id = $agent AND announced = 1 AND due_at <= $now AND expires_at > $now
                                 AND delivery_state IN ('queued', 'delivered'))
                FROM agents WHERE id = $agent
                """)
            .With("$agent", agentId).With("$now", Db.Micros(now));
        using var r = state.ExecuteReader();
        r.Read();
        return AgentEventPlan.For(tenantId, agentId, arriving, subscribed, inboxHadUnread: r.GetInt64(1) != 0, r.GetInt64(0), now);
    }

    private static Subscription ReadSubscription(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        TenantId = r.GetString(1),
        AgentId = r.GetString(2),
        EventType = r.GetString(3),
        DeliveryTarget = r.GetString(4),
        AckWatermark = r.GetInt64(5),
        CreatedAt = Db.Time(r.GetInt64(6)),
        UpdatedAt = Db.Time(r.GetInt64(7)),
        WebhookUrl = r.NullableString(8),
        WebhookSecret = r.NullableString(9),
        InlineBody = r.GetInt64(10) != 0,
    };

    /// <summary>An event read with <see cref="AgentEventColumns"/> first.</summary>
    private static AgentEvent ReadAgentEvent(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        TenantId = r.GetString(1),
        AgentId = r.GetString(2),
        EventType = r.GetString(3),
        MessageId = r.NullableString(4),
        DataJson = r.GetString(5),
        CreatedAt = Db.Time(r.GetInt64(6)),
        PushState = r.NullableString(7),
        PushError = r.NullableString(8),
    };
}
